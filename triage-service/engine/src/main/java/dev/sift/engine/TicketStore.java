package dev.sift.engine;

import dev.sift.data.Ticket;
import dev.sift.embedding.Embedder;
import dev.sift.embedding.TextPreparer;
import dev.sift.engine.state.StateStore;
import dev.sift.index.TenantNames;
import dev.sift.index.VectorIndex;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * A tenant's past tickets, embedded and indexed. Each write is durable when the call returns.
 *
 * <p>Every stored ticket records the model that embedded it, and a tenant's vectors all come from
 * one model. When the configured model changes, a tenant keeps being embedded and searched with the
 * model of its stored vectors (loaded on demand through the legacy loader) until {@link #reembed}
 * has rebuilt it with the configured one, so one search never mixes vectors of two models.
 */
public final class TicketStore implements AutoCloseable {

  private final VectorIndex index;
  private final TenantEmbedders embedders;

  /** How live writes, erasures and rebuilds' swaps of a tenant exclude each other. */
  private final LiveWrites live;

  private final StagedRebuilds rebuilds;

  public TicketStore(Embedder embedder, VectorIndex index) {
    this(embedder, index, model -> null);
  }

  /**
   * @param legacyLoader loads the embedder of an earlier model by its id, or returns null when it
   *     cannot; the store closes what it loads
   */
  public TicketStore(
      Embedder embedder, VectorIndex index, Function<String, Embedder> legacyLoader) {
    this(swapped -> new LocalLiveWrites(), embedder, index, legacyLoader);
  }

  /**
   * A store that replicas share (pgvector): a live write or an erasure through one replica is seen
   * by a rebuild of the tenant running on another, through the shared state's journals.
   */
  public TicketStore(
      Embedder embedder,
      VectorIndex index,
      Function<String, Embedder> legacyLoader,
      StateStore.Factory sharedState) {
    this(
        swapped -> new SharedLiveWrites(sharedState.open(SharedLiveWrites.KIND), swapped),
        embedder,
        index,
        legacyLoader);
  }

  private TicketStore(
      Function<Consumer<String>, LiveWrites> liveWrites,
      Embedder embedder,
      VectorIndex index,
      Function<String, Embedder> legacyLoader) {
    if (embedder.dimension() != index.dimension()) {
      throw new IllegalArgumentException(
          "embedding dimension "
              + embedder.dimension()
              + " differs from index dimension "
              + index.dimension());
    }
    this.index = index;
    this.embedders = new TenantEmbedders(embedder, index, legacyLoader);
    // Told of a swap made through another replica, which may have changed the tenant's model.
    this.live = liveWrites.apply(embedders::forget);
    this.rebuilds = new StagedRebuilds(index, live, this::writeStaged, embedders::forget);
  }

  /** The configured model's embedder: the one new tenants and re-embedded tenants use. */
  public Embedder embedder() {
    return embedders.configured();
  }

  /** The embedder matching the tenant's stored vectors. */
  public Embedder embedderFor(String tenant) {
    return embedders.forTenant(tenant);
  }

  /** The model that embedded the tenant's stored tickets, or null for a tenant with none. */
  public String modelOf(String tenant) {
    return embedders.modelOf(tenant);
  }

  /** Each tenant with stored tickets and the model that embedded them, by name. */
  public SortedMap<String, String> tenantModels() {
    return embedders.byTenant();
  }

  /**
   * Tenants whose stored vectors come from another model than the configured one: they need a
   * re-embed.
   */
  public List<String> tenantsOnOtherModels() {
    return embedders.tenantsOnOtherModels();
  }

  /**
   * Rebuilds the tenant's vectors with the configured model beside the live ones, then swaps them
   * in; a tenant already on the configured model is left alone. Returns the tickets re-embedded.
   *
   * @param token names the staging index
   * @param progress told the count after each batch
   * @param cancelled polled between batches and once more before the swap; when it turns true the
   *     staging index is dropped
   */
  public long reembed(
      String tenant, String token, LongConsumer progress, BooleanSupplier cancelled) {
    return Reembedding.run(this, index, tenant, token, progress, cancelled);
  }

  /**
   * Rebuilds a tenant without downtime: {@code build} writes the new content under a staging name
   * (its argument) beside the live index, which keeps serving; then the staging index is swapped in
   * atomically. When {@code build} or the swap fails, the staging index is dropped and the tenant
   * is left as it was.
   *
   * @param token names the staging index, lower-case letters and digits (a job id)
   */
  public <T> T rebuild(String tenant, String token, Function<String, T> build) {
    return rebuilds.rebuild(tenant, token, build);
  }

  /**
   * Drops the staging index of a tenant's rebuild that will never swap it in (its process stopped
   * or died mid-job), and ends the record of live writes kept for it.
   */
  public void abandonRebuild(String tenant, String staging) {
    try {
      live.abandon(tenant, staging);
    } finally {
      index.deleteTenant(staging);
    }
  }

  /**
   * Erases a tenant's tickets and vectors. A rebuild of the tenant under way, here or on another
   * replica, is told while no swap can run ({@link LiveWrites}), so it either swapped in before
   * (and this erases the result) or never will: it stops at its next batch, or at the latest at its
   * swap, and drops its staging index.
   */
  public void deleteTenant(String tenant) {
    live.erase(
        tenant,
        () -> {
          index.deleteTenant(tenant);
          embedders.forget(tenant);
        });
  }

  /**
   * How many times the tenant was deleted so far (through any replica, on a shared store). A long
   * job (an append import) notes it when it is queued and writes with {@link #upsertUnlessErased},
   * so that a delete while it waits or runs stops it instead of writing the rest of its file back
   * into an erased tenant.
   */
  public long erasures(String tenant) {
    return live.erasures(tenant);
  }

  /**
   * As {@link #upsert}, unless the tenant was deleted since {@code erasuresSeen} was read from
   * {@link #erasures}: then nothing is written and {@link TenantErasedException} is thrown. A batch
   * is either before the delete (and erased by it) or refused.
   */
  public List<float[]> upsertUnlessErased(String tenant, List<Ticket> tickets, long erasuresSeen) {
    if (tickets.isEmpty()) {
      return List.of();
    }
    Prepared p = prepare(tenant, tickets);
    return live.writeUnlessErased(
        tenant,
        erasuresSeen,
        new RebuildJournals.Upserted(List.copyOf(tickets)),
        () -> store(tenant, tickets, p));
  }

  @Override
  public void close() {
    embedders.close();
  }

  public VectorIndex index() {
    return index;
  }

  public String modelId() {
    return embedders.configured().modelId();
  }

  /** Embeds and stores tickets as one durable write; returns their vectors, in order. */
  public List<float[]> upsert(String tenant, List<Ticket> tickets) {
    if (tickets.isEmpty()) {
      return List.of();
    }
    if (TenantNames.isStaging(tenant)) {
      return rebuilds.writeStaging(tenant, tickets);
    }
    Prepared p = prepare(tenant, tickets);
    return live.write(
        tenant,
        new RebuildJournals.Upserted(List.copyOf(tickets)),
        () -> store(tenant, tickets, p));
  }

  /** Tickets' texts, and their vectors by the tenant's model as it was when they were embedded. */
  private record Prepared(List<String> texts, Embedder with, List<float[]> vectors) {}

  /** Embeds outside {@link LiveWrites}: the slow part of a write holds nothing. */
  private Prepared prepare(String tenant, List<Ticket> tickets) {
    List<String> texts = texts(tickets);
    Embedder with = embedderFor(tenant);
    return new Prepared(texts, with, with.embedAll(texts));
  }

  /** Stores prepared tickets, embedding them again if the tenant changed model meanwhile. */
  private List<float[]> store(String tenant, List<Ticket> tickets, Prepared p) {
    Embedder now = embedderFor(tenant);
    List<float[]> vectors =
        now.modelId().equals(p.with().modelId()) ? p.vectors() : now.embedAll(p.texts());
    index.upsertAll(tenant, TicketDocuments.entries(tickets, p.texts(), vectors, now.modelId()));
    embedders.written(tenant, now.modelId());
    return vectors;
  }

  /** What is embedded of each ticket ({@link TextPreparer#prepare}). */
  private static List<String> texts(List<Ticket> tickets) {
    return tickets.stream().map(t -> TextPreparer.prepare(t.subject(), t.body())).toList();
  }

  /** A rebuild's batch: a staging index always gets the configured model. */
  private List<float[]> writeStaged(String staging, List<Ticket> tickets) {
    Embedder with = embedders.configured();
    List<String> texts = texts(tickets);
    List<float[]> vectors = with.embedAll(texts);
    index.upsertAll(staging, TicketDocuments.entries(tickets, texts, vectors, with.modelId()));
    return vectors;
  }

  /**
   * Stores tickets with vectors embedded beforehand by this store's embedder from {@link
   * TextPreparer#prepare}, for offline evaluation that embeds a data set once and loads it in
   * steps.
   */
  public void upsertEmbedded(String tenant, List<Ticket> tickets, List<float[]> vectors) {
    if (tickets.size() != vectors.size()) {
      throw new IllegalArgumentException(
          tickets.size() + " tickets but " + vectors.size() + " vectors");
    }
    List<String> texts = texts(tickets);
    index.upsertAll(tenant, TicketDocuments.entries(tickets, texts, vectors, modelId()));
  }

  public boolean delete(String tenant, String id) {
    if (TenantNames.isStaging(tenant)) {
      return index.delete(tenant, id);
    }
    // Journaled also when absent live: the rebuild may be adding it from its file.
    return live.write(tenant, new RebuildJournals.Deleted(id), () -> index.delete(tenant, id));
  }

  public long count(String tenant) {
    return index.count(tenant);
  }

  public boolean exists(String tenant) {
    return index.hasTenant(tenant);
  }

  public Optional<Ticket> get(String tenant, String id) {
    return index.get(tenant, id).map(e -> TicketDocuments.toTicket(e.id(), e.payload()));
  }

  /** Visits every stored ticket with its unit vector and the text that was embedded. */
  public void forEach(String tenant, StoredTicketVisitor visitor) {
    index.forEach(
        tenant,
        e ->
            visitor.visit(
                TicketDocuments.toTicket(e.id(), e.payload()), e.vector(), e.payload().text()));
  }
}
