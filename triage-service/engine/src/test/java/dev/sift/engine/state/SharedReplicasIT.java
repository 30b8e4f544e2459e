package dev.sift.engine.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sift.data.Ticket;
import dev.sift.embedding.BundledModel;
import dev.sift.embedding.Embedder;
import dev.sift.engine.Engine;
import dev.sift.engine.MajorIncidents;
import dev.sift.engine.TenantFit;
import dev.sift.engine.TicketStore;
import dev.sift.engine.TriageRequest;
import dev.sift.engine.UnknownTenantException;
import dev.sift.engine.coldstart.TaxonomyStore;
import dev.sift.engine.incident.ClusterView;
import dev.sift.engine.incident.Incident;
import dev.sift.engine.incident.IncidentDetector;
import dev.sift.engine.incident.IncidentSettings;
import dev.sift.engine.incident.IncidentState;
import dev.sift.engine.incident.TicketArrival;
import dev.sift.index.pgvector.PgVectorIndex;
import dev.sift.index.pgvector.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two engines ("replicas", each with its own data directory and index object) on one PostgreSQL
 * share tenant fits and major-incident state: tickets of one burst that reach either replica, even
 * at the same moment, build one cluster and raise one candidate, and a refit on one replica is what
 * the other triages with.
 */
class SharedReplicasIT {

  private static final Instant MONDAY = Instant.parse("2026-06-01T08:00:00Z");
  private static final Instant HISTORY_START = MONDAY.minus(Duration.ofDays(28));
  private static final String[] OUTAGE = {
    "Outlook not loading",
    "outlook is not loading at all",
    "Outlook won't load this morning",
    "Outlook not loading, stuck on loading profile",
    "outlook does not load"
  };
  private static final String[] OTHER = {
    "Printer on floor 2 jams",
    "VPN disconnects at home",
    "New laptop request",
    "SAP login error",
    "Monitor flickers",
    "Outlook signature missing",
    "Password reset please"
  };
  private static final String[] GROUPS = {
    "Print", "Network", "Hardware", "SAP", "Hardware", "Mail", "Identity"
  };

  /** Observations timed per mode for the overhead measurement. */
  private static final int TIMED_OBSERVATIONS = 200;

  @TempDir static Path dir;
  private static Embedder embedder;
  private static TestDatabase db;
  private static Engine a;
  private static Engine b;

  @BeforeAll
  static void replicas() {
    embedder = Embedder.bundled(BundledModel.ALL_MINILM_L6_V2_Q);
    db = TestDatabase.withIndexSchema(embedder.dimension());
    a = replica("a");
    b = replica("b");
    List<Ticket> history = new ArrayList<>();
    for (int i = 0; i < 140; i++) {
      history.add(
          Ticket.builder("h-" + i)
              .subject(OTHER[i % OTHER.length])
              .assignmentGroup(GROUPS[i % GROUPS.length])
              .createdAt(HISTORY_START.plus(Duration.ofHours(5L * i + 1)))
              .build());
    }
    a.history().importHistory("acme", history);
  }

  private static Engine replica(String name) {
    return replica(name, PgStateStore.open(db.dataSource()), true);
  }

  private static Engine replica(
      String name, StateStore.Factory sharedState, boolean detectIncidents) {
    PgVectorIndex index = PgVectorIndex.builder(db.dataSource(), embedder.dimension()).build();
    var builder =
        Engine.builder(
                new TicketStore(embedder, index, model -> null, sharedState),
                dir.resolve(name).resolve("models"))
            .sharedState(sharedState)
            .coldStart(
                dir.resolve(name).resolve("cold-start"),
                dev.sift.engine.coldstart.ColdStart.Settings.DEFAULTS,
                null);
    return (detectIncidents ? builder.incidents(IncidentSettings.DEFAULTS) : builder).build();
  }

  @AfterAll
  static void close() {
    for (AutoCloseable c : new AutoCloseable[] {a, b, embedder, db}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void a_replica_triages_with_the_model_another_replica_fitted() {
    TenantFit fitted = a.tenants().fit("acme").orElseThrow();
    assertThat(b.tenants().fit("acme"))
        .hasValueSatisfying(m -> assertThat(m.version()).isEqualTo(fitted.version()));
    assertThat(dir.resolve("b/models/acme.json")).doesNotExist();

    List<Ticket> more = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      more.add(
          Ticket.builder("m-" + i)
              .subject("Teams meeting audio echo")
              .assignmentGroup("Collaboration")
              .createdAt(MONDAY.minus(Duration.ofHours(i + 1)))
              .build());
    }
    TenantFit refitted = a.history().importHistory("acme", more);
    assertThat(refitted.version()).isNotEqualTo(fitted.version());
    assertThat(b.tenants().fit("acme"))
        .hasValueSatisfying(
            m -> {
              assertThat(m.version()).isEqualTo(refitted.version());
              assertThat(m.tickets()).isEqualTo(refitted.tickets());
            });
  }

  @Test
  void triages_of_a_tenant_with_history_read_its_taxonomy_from_the_database_at_most_once_a_recheck()
      throws Exception {
    // A tenant with history is known without its taxonomy, so an absent taxonomy is trusted as a
    // present one is (TaxonomyStore.recent): five triages within its 5 s recheck read the database
    // once at most, where they had read it on every triage (and twice to four times per triage
    // before that).
    AtomicInteger reads = new AtomicInteger();
    StateStore.Factory shared = PgStateStore.open(db.dataSource());
    StateStore.Factory counting =
        kind ->
            TaxonomyStore.KIND.equals(kind)
                ? countingReads(shared.open(kind), reads)
                : shared.open(kind);
    // Without incident detection, whose shared window the other tests watch.
    try (Engine c = replica("c", counting, false)) {
      c.triage().triage("acme", TriageRequest.of("VPN will not connect from home", null));
      reads.set(0);

      for (String text :
          List.of(
              "Outlook keeps asking for my password",
              "Printer on floor 3 is jammed",
              "VPN drops every few minutes",
              "Laptop will not boot after update",
              "Cannot open the shared drive")) {
        c.triage().triage("acme", TriageRequest.of(text, null));
      }

      assertThat(reads.get()).isLessThanOrEqualTo(1);
    }
  }

  /** The store, counting its reads of state ({@code read} and {@code version}). */
  private static StateStore countingReads(StateStore store, AtomicInteger reads) {
    return (StateStore)
        Proxy.newProxyInstance(
            StateStore.class.getClassLoader(),
            new Class<?>[] {StateStore.class},
            (proxy, method, args) -> {
              if (method.getName().equals("read") || method.getName().equals("version")) {
                reads.incrementAndGet();
              }
              try {
                return method.invoke(store, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Test
  void a_taxonomy_put_through_one_replica_is_used_by_the_other() {
    dev.sift.engine.coldstart.Taxonomy taxonomy =
        dev.sift.engine.coldstart.Taxonomy.validated(
            java.util.Map.of(
                "category",
                List.of(
                    new dev.sift.engine.coldstart.Taxonomy.Entry(
                        "Network", "VPN, wifi and connectivity"),
                    new dev.sift.engine.coldstart.Taxonomy.Entry(
                        "Hardware", "printers, laptops and monitors"))));
    assertThatThrownBy(
            () -> b.triage().triage("newco", TriageRequest.of("VPN will not connect", null)))
        .isInstanceOf(UnknownTenantException.class);

    a.taxonomies().put("newco", taxonomy);

    // Replica b knows the tenant at its next triage, though it has just found it unknown; it
    // builds its own cold fit in the background at first need, abstaining meanwhile.
    assertThat(
            b.triage()
                .triage("newco", TriageRequest.of("VPN will not connect from home", null))
                .degraded())
        .isEqualTo(dev.sift.engine.coldstart.ColdStart.COLD_START_BUILDING);
    assertThat(b.taxonomies().get("newco"))
        .get()
        .extracting(t -> t.fields().get("category").size())
        .isEqualTo(2);
    b.taxonomies().prepare("newco").join();
    assertThat(
            b.triage()
                .triage("newco", TriageRequest.of("VPN will not connect from home", null))
                .suggestions()
                .get("category")
                .bestGuess())
        .isEqualTo("Network");
  }

  @Test
  void a_burst_split_between_replicas_at_the_same_moment_is_one_incident() throws Exception {
    MajorIncidents onA = a.majorIncidents();
    MajorIncidents onB = b.majorIncidents();
    List<Incident> raised = new CopyOnWriteArrayList<>();
    onA.onCandidate((tenant, incident) -> raised.add(incident));
    onB.onCandidate((tenant, incident) -> raised.add(incident));
    int tickets = 10;
    CyclicBarrier together = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<List<String>>> clusters = new ArrayList<>();
    try {
      for (int replica = 0; replica < 2; replica++) {
        MajorIncidents detector = replica == 0 ? onA : onB;
        int first = replica;
        clusters.add(
            pool.submit(
                () -> {
                  List<String> ids = new ArrayList<>();
                  for (int i = first; i < tickets; i += 2) {
                    together
                        .await(); // both replicas observe a ticket of the burst at the same moment
                    String subject = OUTAGE[i % OUTAGE.length];
                    ClusterView v =
                        detector.observe(
                            "acme",
                            new TicketArrival(
                                "burst-" + i,
                                subject,
                                "user" + i,
                                "site" + (i % 3),
                                MONDAY.plus(Duration.ofMinutes(i))),
                            embedder.embed(subject));
                    ids.add(v.id());
                  }
                  return ids;
                }));
      }
      List<String> seen = new ArrayList<>();
      for (Future<List<String>> f : clusters) {
        seen.addAll(f.get());
      }
      assertThat(seen).hasSize(tickets).containsOnly(seen.getFirst());
    } finally {
      pool.shutdown();
    }
    assertThat(raised).hasSize(1);
    String id = raised.getFirst().id();
    for (MajorIncidents d : List.of(onA, onB)) {
      assertThat(d.list("acme", true))
          .singleElement()
          .satisfies(
              i -> {
                assertThat(i.id()).isEqualTo(id);
                assertThat(i.size()).isEqualTo(tickets);
              });
    }
    // A verdict given on one replica is what the other shows.
    assertThat(onB.resolve("acme", id, IncidentState.CONFIRMED)).isPresent();
    assertThat(onA.list("acme", false))
        .singleElement()
        .satisfies(i -> assertThat(i.state()).isEqualTo("confirmed"));
    assertThat(onA.list("acme", true)).isEmpty();
    // A ticket erased through one replica is gone from the incident the other shows.
    assertThat(a.tickets().delete("acme", "burst-3")).isTrue();
    assertThat(onB.list("acme", false))
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.memberTicketIds()).hasSize(tickets - 1).doesNotContain("burst-3");
              assertThat(i.distinctRequesters()).isEqualTo(tickets - 1);
            });
  }

  @Test
  void many_threads_observing_at_once_on_two_replicas_apply_each_ticket_once_in_order()
      throws Exception {
    // Concurrent observations of one tenant go to the store together (a group commit); each must
    // still see the window its predecessors left: the sizes they report are exactly 1..n, whatever
    // the batching.
    int threadsPerReplica = 6;
    int perThread = 10;
    String subject = OUTAGE[0];
    float[] vector = embedder.embed(subject);
    CyclicBarrier start = new CyclicBarrier(2 * threadsPerReplica);
    ExecutorService pool = Executors.newFixedThreadPool(2 * threadsPerReplica);
    List<Future<List<ClusterView>>> views = new ArrayList<>();
    try {
      for (int t = 0; t < 2 * threadsPerReplica; t++) {
        MajorIncidents detector = (t % 2 == 0 ? a : b).majorIncidents();
        int thread = t;
        views.add(
            pool.submit(
                () -> {
                  start.await();
                  List<ClusterView> seen = new ArrayList<>();
                  for (int i = 0; i < perThread; i++) {
                    seen.add(
                        detector.observe(
                            "busyco",
                            new TicketArrival(
                                "busy-" + thread + "-" + i,
                                subject,
                                "user" + thread,
                                null,
                                MONDAY.plus(Duration.ofSeconds(thread * perThread + i))),
                            vector));
                  }
                  return seen;
                }));
      }
      List<ClusterView> all = new ArrayList<>();
      for (Future<List<ClusterView>> f : views) {
        all.addAll(f.get());
      }
      int n = 2 * threadsPerReplica * perThread;
      assertThat(all).extracting(ClusterView::id).containsOnly(all.getFirst().id());
      assertThat(all)
          .extracting(ClusterView::size)
          .as("each ticket applied once, after its predecessors")
          .containsExactlyInAnyOrderElementsOf(
              java.util.stream.IntStream.rangeClosed(1, n).boxed().toList());
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void a_tenant_deleted_through_one_replica_leaves_the_others_window() {
    MajorIncidents onA = a.majorIncidents();
    MajorIncidents onB = b.majorIncidents();
    for (int i = 0; i < 5; i++) {
      onA.observe(
          "tomb-co",
          new TicketArrival(
              "t-" + i,
              OUTAGE[i % OUTAGE.length],
              "user" + i,
              null,
              MONDAY.plus(Duration.ofMinutes(i))),
          embedder.embed(OUTAGE[i % OUTAGE.length]));
    }
    assertThat(onB.list("tomb-co", false)).isNotEmpty();

    a.tenants().delete("tomb-co");

    assertThat(onB.list("tomb-co", false)).isEmpty();
    // Recreated afterwards, the tenant starts from nothing on both replicas.
    onA.observe(
        "tomb-co",
        new TicketArrival("n-1", OUTAGE[0], "user", null, MONDAY.plus(Duration.ofHours(1))),
        embedder.embed(OUTAGE[0]));
    assertThat(onB.list("tomb-co", false)).isEmpty();
  }

  /**
   * Prints the cost of the shared update per observed ticket against the in-memory detector;
   * asserts nothing on it.
   */
  @Test
  void measures_the_shared_state_overhead_per_observed_ticket() {
    List<float[]> vectors = new ArrayList<>();
    for (String s : OTHER) {
      vectors.add(embedder.embed(s));
    }
    MajorIncidents shared = a.majorIncidents();
    IncidentDetector local =
        new IncidentDetector(
            PgVectorIndex.builder(db.dataSource(), embedder.dimension()).build(),
            IncidentSettings.DEFAULTS,
            tenant -> null);
    double[] msPerObservation = new double[2];
    for (int round = 0; round < 2; round++) { // the first round warms up
      for (int mode = 0; mode < 2; mode++) {
        Observer d = mode == 0 ? local::observe : shared::observe;
        String tenant = "timing-" + round;
        long start = System.nanoTime();
        for (int i = 0; i < TIMED_OBSERVATIONS; i++) {
          // Distinct users a minute apart on seven topics: the window grows to 200 tickets, a busy
          // desk's hour.
          d.observe(
              tenant,
              new TicketArrival(
                  "t-" + round + "-" + i,
                  OTHER[i % OTHER.length],
                  "u" + i,
                  null,
                  MONDAY.plus(Duration.ofMinutes(i))),
              vectors.get(i % vectors.size()));
        }
        msPerObservation[mode] = (System.nanoTime() - start) / 1e6 / TIMED_OBSERVATIONS;
      }
    }
    System.out.printf(
        "incident observe: in memory %.3f ms, shared in PostgreSQL %.3f ms per ticket (%d tickets, "
            + "%d clusters in the window)%n",
        msPerObservation[0], msPerObservation[1], TIMED_OBSERVATIONS, OTHER.length);
    // Sharing changes where the window lives, not what it decides.
    assertThat(shared.list("timing-1", false))
        .extracting(Incident::size)
        .containsExactlyInAnyOrderElementsOf(
            local.incidents("timing-1", false).stream().map(Incident::size).toList())
        .isNotEmpty();
    local.close();
  }

  /** Where the overhead measurement sends each arrival: the in-memory or the shared window. */
  private interface Observer {
    ClusterView observe(String tenant, TicketArrival arrival, float[] vector);
  }
}
