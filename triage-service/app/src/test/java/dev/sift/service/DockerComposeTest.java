package dev.sift.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot be run here (no Docker engine), so this parses it and checks it against
 * the service: the services and their wiring, the published port, and that every {@code SIFT_*}
 * variable binds to a real {@code sift.*} configuration property, so a renamed property cannot
 * silently leave the file behind.
 */
class DockerComposeTest {

  private static final Path COMPOSE = Path.of("..", "..", "docker-compose.yml");
  private static final Path APPLICATION_YML =
      Path.of("src", "main", "resources", "application.yml");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(SIFT_[A-Z_]+):");

  /** The Spring properties SiftConfiguration reads for the pgvector backend. */
  private static final Set<String> SPRING_VARIABLES =
      Set.of(
          "SPRING_DATASOURCE_URL",
          "SPRING_DATASOURCE_USERNAME",
          "SPRING_DATASOURCE_PASSWORD",
          "SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE");

  @SuppressWarnings("unchecked")
  private static Map<String, Object> compose() throws IOException {
    return new Yaml().load(Files.readString(COMPOSE));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> service(String name) throws IOException {
    return (Map<String, Object>) ((Map<String, Object>) compose().get("services")).get(name);
  }

  @Test
  @SuppressWarnings("unchecked")
  void sift_runs_on_the_pgvector_backend_after_a_healthy_database() throws IOException {
    Map<String, Object> sift = service("sift");
    Map<String, Object> env = (Map<String, Object>) sift.get("environment");

    assertThat(sift).containsKey("build");
    assertThat(env).containsEntry("SIFT_INDEX_BACKEND", "pgvector");
    assertThat((String) env.get("SPRING_DATASOURCE_URL"))
        .startsWith("jdbc:postgresql://postgres:5432/");
    assertThat((List<String>) sift.get("ports")).contains("8080:8080");
    Map<String, Object> dependsOn = (Map<String, Object>) sift.get("depends_on");
    assertThat((Map<String, Object>) dependsOn.get("postgres"))
        .containsEntry("condition", "service_healthy");
  }

  @Test
  @SuppressWarnings("unchecked")
  void postgres_is_the_pgvector_image_with_a_volume_and_a_healthcheck() throws IOException {
    Map<String, Object> postgres = service("postgres");

    assertThat((String) postgres.get("image")).startsWith("pgvector/pgvector:");
    assertThat(postgres).containsKeys("volumes", "healthcheck");
    assertThat(postgres.get("healthcheck").toString()).contains("pg_isready");
    Map<String, Object> env = (Map<String, Object>) postgres.get("environment");
    Map<String, Object> siftEnv = (Map<String, Object>) service("sift").get("environment");
    assertThat(siftEnv.get("SPRING_DATASOURCE_USERNAME")).isEqualTo(env.get("POSTGRES_USER"));
    assertThat(siftEnv.get("SPRING_DATASOURCE_PASSWORD")).isEqualTo(env.get("POSTGRES_PASSWORD"));
    assertThat((String) siftEnv.get("SPRING_DATASOURCE_URL"))
        .endsWith("/" + env.get("POSTGRES_DB"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void ollama_is_optional_behind_a_profile() throws IOException {
    Map<String, Object> ollama = service("ollama");

    assertThat((String) ollama.get("image")).startsWith("ollama/ollama");
    assertThat((List<String>) ollama.get("profiles")).isNotEmpty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void every_sift_variable_binds_to_a_configuration_property() throws IOException {
    Set<String> bindable = bindableVariables();
    List<String> unknown = new ArrayList<>();
    for (Object service : ((Map<String, Object>) compose().get("services")).values()) {
      Object env = ((Map<String, Object>) service).get("environment");
      if (env instanceof Map<?, ?> variables) {
        for (Object name : variables.keySet()) {
          String variable = name.toString();
          if (variable.startsWith("SIFT_") && !bindable.contains(variable)
              || variable.startsWith("SPRING_") && !SPRING_VARIABLES.contains(variable)) {
            unknown.add(variable);
          }
        }
      }
    }

    assertThat(bindable).contains("SIFT_INDEX_BACKEND", "SIFT_DATA_DIR", "SIFT_SECURITY_ADMINKEY");
    assertThat(unknown).as("variables that bind to no property").isEmpty();
  }

  /**
   * Environment names of every property of the service's {@code @ConfigurationProperties} records,
   * as Spring's relaxed binding reads them: upper case, dots to underscores, dashes dropped or made
   * underscores. Plus the short names that application.yml maps explicitly, such as {@code
   * ${SIFT_ADMIN_KEY:}}.
   */
  private static Set<String> bindableVariables() {
    ClassPathScanningCandidateComponentProvider scanner =
        new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
    Set<String> names = new TreeSet<>();
    for (BeanDefinition candidate : scanner.findCandidateComponents("dev.sift.service")) {
      try {
        Class<?> type = Class.forName(candidate.getBeanClassName());
        ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
        String prefix = annotation.value().isEmpty() ? annotation.prefix() : annotation.value();
        collect(prefix, type, names);
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
    try {
      Matcher m = PLACEHOLDER.matcher(Files.readString(APPLICATION_YML));
      while (m.find()) {
        names.add(m.group(1));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }

  private static void collect(String path, Type type, Set<String> names) {
    String upper = path.toUpperCase(Locale.ROOT).replace('.', '_');
    names.add(upper.replace("-", ""));
    names.add(upper.replace('-', '_')); // Spring's legacy form, which it also binds
    Class<?> raw =
        type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    if (raw.isRecord()) {
      for (RecordComponent c : raw.getRecordComponents()) {
        String kebab =
            c.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        collect(path + "." + kebab, c.getGenericType(), names);
      }
    }
  }
}
