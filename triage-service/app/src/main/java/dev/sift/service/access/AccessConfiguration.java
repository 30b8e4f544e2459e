package dev.sift.service.access;

import dev.sift.service.system.DataDirectory;
import dev.sift.service.system.LimitsProperties;
import dev.sift.service.system.SiftProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * API keys: stored beside the index (a file in the data directory, or PostgreSQL on the pgvector
 * backend), the bootstrap admin key, the demo key, and the filter that checks them on every
 * request.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AccessProperties.class)
class AccessConfiguration {

  private static final Logger log = LoggerFactory.getLogger(AccessConfiguration.class);
  static final String KEYS_FILE = "keys.json";
  private static final String FILE_PREFIX = "file:";

  /**
   * Runs before every other filter, so nothing reads a body or counts a request of an unknown
   * caller.
   */
  private static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

  @Bean
  ApiKeys apiKeys(
      SiftProperties sift,
      AccessProperties access,
      DataDirectory dataDirectory,
      @Qualifier("siftDataSource") ObjectProvider<DataSource> dataSource) {
    DataSource db =
        sift.index().backend() == SiftProperties.Backend.PGVECTOR
            ? dataSource.getIfAvailable()
            : null;
    KeyStore store =
        db != null ? new PgKeyStore(db) : new FileKeyStore(dataDirectory.root().resolve(KEYS_FILE));
    ApiKeys keys = new ApiKeys(store, access.keyCacheTtl(), Clock.systemUTC());
    String configured = configuredAdminKey(access);
    if (configured != null) {
      keys.configure("bootstrap", ApiKey.Kind.ADMIN, null, configured, "SIFT_ADMIN_KEY");
    } else if (!keys.hasLiveAdminKey()) {
      ApiKeys.Issued issued = keys.issue(ApiKey.Kind.ADMIN, null, "generated at first start");
      // Shown this once: only its hash is stored.
      log.warn(
          """

          ==== Sift generated an admin API key; it is shown only this once. Keep it safe. ====
            {}
          Use it as 'Authorization: Bearer <key>'. Set SIFT_ADMIN_KEY to choose your own instead.
          ===================================================================================""",
          issued.secret());
    }
    if (sift.demo().enabled()) {
      keys.configure(
          "demo", ApiKey.Kind.TENANT, "demo", sift.demo().key(), "demo tenant key (sift.demo.key)");
    }
    return keys;
  }

  @Bean
  FilterRegistrationBean<AccessFilter> accessFilter(
      ApiKeys keys,
      SiftProperties sift,
      @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
    LimitsProperties limits = sift.limits();
    RateLimiter limiter =
        new RateLimiter(limits.ratePerKey(), limits.rateBurst(), System::nanoTime);
    FilterRegistrationBean<AccessFilter> registration =
        new FilterRegistrationBean<>(new AccessFilter(keys, limiter, problems));
    registration.setOrder(FILTER_ORDER);
    return registration;
  }

  private static String configuredAdminKey(AccessProperties access) {
    String value = access.adminKey();
    if (value != null && value.startsWith(FILE_PREFIX)) {
      return read(Path.of(value.substring(FILE_PREFIX.length())));
    }
    if (value != null && !value.isBlank()) {
      return value.trim();
    }
    return access.adminKeyFile() != null && !access.adminKeyFile().isBlank()
        ? read(Path.of(access.adminKeyFile().trim()))
        : null;
  }

  private static String read(Path file) {
    try {
      String key = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (key.isEmpty()) {
        throw new IllegalStateException("the admin key file " + file + " is empty");
      }
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the admin key file " + file, e);
    }
  }
}
