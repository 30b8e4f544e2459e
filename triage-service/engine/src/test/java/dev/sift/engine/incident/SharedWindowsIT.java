package dev.sift.engine.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.engine.state.PgStateStore;
import dev.sift.engine.state.StateStore;
import dev.sift.index.pgvector.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The group commit's per-tenant queues on a shared store. */
class SharedWindowsIT {

  private static final int DIMENSION = 3;
  private static TestDatabase db;

  @BeforeAll
  static void createDatabase() {
    db = TestDatabase.create();
  }

  @AfterAll
  static void dropDatabase() {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void a_forgotten_tenant_leaves_no_queue_behind_and_the_others_keep_theirs() {
    SharedWindows windows =
        new SharedWindows(PgStateStore.open(db.dataSource()).open(StateStore.INCIDENTS), DIMENSION);
    for (String tenant : new String[] {"acme", "globex", "initech"}) {
      assertThat(windows.change(tenant, new TenantWindow(), () -> tenant, changed -> false))
          .isEqualTo(tenant);
    }
    assertThat(windows.tenantsQueued()).isEqualTo(3);

    windows.forget("globex");

    assertThat(windows.tenantsQueued()).isEqualTo(2);
    assertThat(windows.change("acme", new TenantWindow(), () -> "again", changed -> false))
        .isEqualTo("again");
    assertThat(windows.tenantsQueued()).isEqualTo(2);
  }
}
