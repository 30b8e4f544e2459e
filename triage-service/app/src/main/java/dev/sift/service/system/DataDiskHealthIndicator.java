package dev.sift.service.system;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.application.DiskSpaceHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * The {@code diskSpace} health component, in place of Spring Boot's (whose bean name this takes, so
 * that Spring's backs off): free space where Sift writes, the data directory, rather than the
 * working directory, and without the directory's absolute path, which the public health endpoint
 * must not show.
 */
@Component("diskSpaceHealthIndicator")
class DataDiskHealthIndicator implements HealthIndicator {

  /** Spring Boot's default threshold: below it the component, and so the service, is DOWN. */
  private static final DataSize THRESHOLD = DataSize.ofMegabytes(10);

  private static final String PATH_DETAIL = "path";

  private final DiskSpaceHealthIndicator disk;

  DataDiskHealthIndicator(DataDirectory dataDirectory) {
    this.disk = new DiskSpaceHealthIndicator(dataDirectory.root().toFile(), THRESHOLD);
  }

  @Override
  public Health health() {
    Health health = disk.health();
    Map<String, Object> details = new LinkedHashMap<>(health.getDetails());
    details.remove(PATH_DETAIL);
    return Health.status(health.getStatus()).withDetails(details).build();
  }
}
