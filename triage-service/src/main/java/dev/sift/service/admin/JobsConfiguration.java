package dev.sift.service.admin;

import dev.sift.engine.TriageEngine;
import dev.sift.service.system.DataDirectory;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Rebuild jobs keep their state in {@code <data-dir>/jobs}. */
@Configuration(proxyBeanMethods = false)
class JobsConfiguration {

  @Bean(destroyMethod = "close")
  Jobs jobs(DataDirectory dataDirectory, TriageEngine engine) {
    return new Jobs(dataDirectory.root().resolve("jobs"), engine.store().index(), Clock.systemUTC());
  }
}
