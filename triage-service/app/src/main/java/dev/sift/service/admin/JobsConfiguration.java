package dev.sift.service.admin;

import dev.sift.engine.TicketStore;
import dev.sift.engine.state.StateStore;
import dev.sift.service.system.DataDirectory;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Rebuild jobs keep their state in {@code <data-dir>/jobs}; on pgvector they are also published in
 * the database, so that every replica reports and cancels every job.
 */
@Configuration(proxyBeanMethods = false)
class JobsConfiguration {

  /** The kind of shared state that holds job records. */
  static final String JOBS_STATE = "jobs";

  @Bean(destroyMethod = "close")
  Jobs jobs(
      DataDirectory dataDirectory,
      TicketStore ticketStore,
      ObjectProvider<StateStore.Factory> sharedStateStores) {
    // Present on pgvector only (SiftConfiguration.sharedStateStores), which migrated its tables.
    StateStore.Factory shared = sharedStateStores.getIfAvailable();
    return new Jobs(
        dataDirectory.root().resolve("jobs"),
        // Through the store, so that its record of the rebuild's live writes ends too.
        ticketStore::abandonRebuild,
        Clock.systemUTC(),
        shared == null ? null : shared.open(JOBS_STATE));
  }
}
