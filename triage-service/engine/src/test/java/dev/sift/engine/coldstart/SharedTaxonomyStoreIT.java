package dev.sift.engine.coldstart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.engine.state.PgStateStore;
import dev.sift.engine.state.StateStore;
import dev.sift.index.pgvector.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two replicas' taxonomy stores on one PostgreSQL: how soon a taxonomy put through one is used by
 * the other, for a tenant created by it and for a tenant already known by its history.
 */
class SharedTaxonomyStoreIT {

  /**
   * Long enough that the reads right after a put fall inside it on a slow machine, short enough to
   * wait out.
   */
  private static final Duration RECHECK = Duration.ofSeconds(2);

  private static final Duration PATIENCE = Duration.ofSeconds(10);
  private static final Taxonomy TAXONOMY =
      Taxonomy.validated(
          Map.of(
              "category",
              List.of(
                  new Taxonomy.Entry("Network", "VPN, wifi and connectivity"),
                  new Taxonomy.Entry("Hardware", "printers, laptops and monitors"))));

  @AutoClose private static TestDatabase db;

  @BeforeAll
  static void createDatabase() {
    db = TestDatabase.create();
  }

  private static TaxonomyStore replica() {
    return new TaxonomyStore(PgStateStore.open(db.dataSource()).open(TaxonomyStore.KIND), RECHECK);
  }

  @Test
  void a_tenant_created_by_its_taxonomy_on_one_replica_is_known_on_the_other_at_once() {
    TaxonomyStore a = replica();
    TaxonomyStore b = replica();
    assertThat(b.get("newco")).isEmpty();

    a.put("newco", TAXONOMY);

    assertThat(b.get("newco"))
        .hasValueSatisfying(v -> assertThat(v.taxonomy()).isEqualTo(TAXONOMY));
  }

  @Test
  void an_absence_read_for_a_known_tenant_is_trusted_until_the_recheck() throws Exception {
    TaxonomyStore a = replica();
    TaxonomyStore b = replica();
    assertThat(b.recent("acme")).isEmpty();

    a.put("acme", TAXONOMY);

    // Inside the recheck period b answers from memory, without asking the database ...
    assertThat(b.recent("acme")).isEmpty();
    // ... and after it, reads the taxonomy the other replica put.
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    Optional<TaxonomyStore.Versioned> seen = b.recent("acme");
    while (seen.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(100);
      seen = b.recent("acme");
    }
    assertThat(seen).hasValueSatisfying(v -> assertThat(v.taxonomy()).isEqualTo(TAXONOMY));
  }

  @Test
  void a_read_that_began_before_a_put_does_not_hide_the_put_taxonomy() {
    // A triage's read finds no taxonomy; before it returns, a put on the same replica stores one.
    // The put is newer: the absence must not replace it in the cache, where recent() would trust
    // it.
    StateStore shared = PgStateStore.open(db.dataSource()).open(TaxonomyStore.KIND);
    AtomicReference<TaxonomyStore> store = new AtomicReference<>();
    AtomicBoolean raced = new AtomicBoolean();
    StateStore racing =
        (StateStore)
            Proxy.newProxyInstance(
                StateStore.class.getClassLoader(),
                new Class<?>[] {StateStore.class},
                (proxy, method, args) -> {
                  Object result;
                  try {
                    result = method.invoke(shared, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                  if (method.getName().equals("read") && raced.compareAndSet(false, true)) {
                    store.get().put("racy", TAXONOMY);
                  }
                  return result;
                });
    store.set(new TaxonomyStore(racing, RECHECK));

    assertThat(store.get().recent("racy")).isEmpty();

    assertThat(raced).isTrue();
    assertThat(store.get().recent("racy")).isPresent();
  }
}
