package dev.sift.engine;

import dev.sift.data.Ticket;
import dev.sift.embedding.Embedder;
import dev.sift.embedding.TextPreparer;
import dev.sift.index.Entry;
import dev.sift.index.VectorIndex;
import dev.sift.index.TenantNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * A tenant's past tickets, embedded and indexed. Each write is durable when the call returns.
 *
 * <p>Every stored ticket records the model that embedded it, and a tenant's vectors all come from one model. When
 * the configured model changes, a tenant keeps being embedded and searched with the model of its stored vectors
 * (loaded on demand through the legacy loader) until {@link #reembed} has rebuilt it with the configured one, so
 * one search never mixes vectors of two models.
 */
public final class TicketStore implements AutoCloseable {

  /** How long a tenant's model is trusted before it is read again, so replicas notice another's re-embed. */
  private static final long MODEL_CACHE_NANOS = 5_000_000_000L;
  /** Tickets embedded and written per batch during a re-embed. */
  private static final int REEMBED_BATCH = 256;

  private final Embedder embedder;
  private final VectorIndex index;
  private final Function<String, Embedder> legacyLoader;
  private final Map<String, Embedder> legacy = new ConcurrentHashMap<>();
  private final Map<String, CachedModel> tenantModels = new ConcurrentHashMap<>();

  private record CachedModel(String model, long readAt) {}

  /**
   * Per tenant: live writes hold the read side; a rebuild takes the write side to start its journal and, at the end,
   * to replay it into the staging index and swap, so no acknowledged write falls between the two.
   */
  private final Map<String, java.util.concurrent.locks.ReentrantReadWriteLock> writeLocks = new ConcurrentHashMap<>();
  /** Tenants being rebuilt: their live writes, to replay into the staging index before the swap. */
  private final Map<String, Journal> journals = new ConcurrentHashMap<>();
  /** How often each tenant was deleted by this process: a long write started before a delete must not outlive it. */
  private final Map<String, Long> erasures = new ConcurrentHashMap<>();

  /** What happened to a tenant live while it was rebuilt. */
  private static final class Journal {
    /** The staging name the rebuild writes into. */
    final String staging;
    /** Live writes, in order: ticket lists upserted and {@link Deleted} ids. */
    final List<Object> writes = new ArrayList<>();
    /** Set under the tenant's write lock when the tenant is erased: the rebuild must never swap in. */
    volatile boolean tenantErased;

    Journal(String staging) {
      this.staging = staging;
    }
  }

  /** A live delete, as journaled during a rebuild. */
  private record Deleted(String id) {}

  /**
   * Thrown by a rebuild whose tenant was erased while it ran ({@link #deleteTenant}): its staging index is dropped
   * and nothing is swapped in, so the erased tickets do not come back.
   */
  public static final class TenantErasedException extends RuntimeException {
    private final String tenant;

    public TenantErasedException(String tenant) {
      super("tenant '" + tenant + "' was deleted while it was rebuilt; the rebuild was dropped");
      this.tenant = tenant;
    }

    public String tenant() {
      return tenant;
    }
  }

  /** Thrown when a tenant's vectors come from a model this instance cannot load; a re-embed fixes it. */
  public static final class ModelUnavailableException extends RuntimeException {
    private final String tenant;
    private final String model;

    ModelUnavailableException(String tenant, String model) {
      super("tenant '" + tenant + "' was embedded with model '" + model + "', which this instance cannot load; "
          + "re-embed it with the configured model");
      this.tenant = tenant;
      this.model = model;
    }

    public String tenant() {
      return tenant;
    }

    public String model() {
      return model;
    }
  }

  public TicketStore(Embedder embedder, VectorIndex index) {
    this(embedder, index, model -> null);
  }

  /**
   * @param legacyLoader loads the embedder of an earlier model by its id, or returns null when it cannot; the
   *     store closes what it loads
   */
  public TicketStore(Embedder embedder, VectorIndex index, Function<String, Embedder> legacyLoader) {
    if (embedder.dimension() != index.dimension()) {
      throw new IllegalArgumentException("embedding dimension " + embedder.dimension()
          + " differs from index dimension " + index.dimension());
    }
    this.embedder = embedder;
    this.index = index;
    this.legacyLoader = legacyLoader;
  }

  /** The configured model's embedder: the one new tenants and re-embedded tenants use. */
  public Embedder embedder() {
    return embedder;
  }

  /** The embedder matching the tenant's stored vectors. */
  public Embedder embedderFor(String tenant) {
    String model = modelOf(tenant);
    if (model == null || model.equals(embedder.modelId())) {
      return embedder;
    }
    Embedder old = legacy.computeIfAbsent(model, id -> {
      Embedder loaded = legacyLoader.apply(id);
      if (loaded != null && loaded.dimension() != index.dimension()) {
        loaded.close();
        return null;
      }
      return loaded;
    });
    if (old == null) {
      throw new ModelUnavailableException(tenant, model);
    }
    return old;
  }

  /** The model that embedded the tenant's stored tickets, or null for a tenant with none. */
  public String modelOf(String tenant) {
    long now = System.nanoTime();
    CachedModel cached = tenantModels.get(tenant);
    if (cached != null && now - cached.readAt() < MODEL_CACHE_NANOS) {
      return cached.model();
    }
    float[] probe = new float[index.dimension()];
    probe[0] = 1;
    String model = index.search(tenant, probe, 1).stream().findFirst()
        .map(h -> h.payload().attribute(TicketDocuments.MODEL)).orElse(null);
    tenantModels.put(tenant, new CachedModel(model, now));
    return model;
  }

  /** Each tenant with stored tickets and the model that embedded them, by name. */
  public java.util.SortedMap<String, String> tenantModels() {
    java.util.SortedMap<String, String> models = new java.util.TreeMap<>();
    for (String t : index.tenants()) {
      String model = modelOf(t);
      if (model != null) {
        models.put(t, model);
      }
    }
    return models;
  }

  /** Tenants whose stored vectors come from another model than the configured one: they need a re-embed. */
  public List<String> tenantsOnOtherModels() {
    return tenantModels().entrySet().stream().filter(e -> !e.getValue().equals(modelId()))
        .map(Map.Entry::getKey).toList();
  }

  /**
   * Rebuilds the tenant's vectors with the configured model beside the live ones, then swaps them in; a tenant
   * already on the configured model is left alone. Returns the tickets re-embedded.
   *
   * @param token names the staging index
   * @param progress told the count after each batch
   * @param cancelled polled between batches and once more before the swap; when it turns true the staging index is
   *     dropped
   */
  public long reembed(String tenant, String token, LongConsumer progress, BooleanSupplier cancelled) {
    long reembedded = rebuild(tenant, token, staging -> {
      // Checked once the rebuild is journaled: a delete before this is seen here, a delete after it is flagged.
      if (!index.hasTenant(tenant)) {
        throw new TenantErasedException(tenant);
      }
      long[] done = {0};
      List<Ticket> batch = new ArrayList<>(REEMBED_BATCH);
      index.forEach(tenant, e -> {
        batch.add(TicketDocuments.toTicket(e.id(), e.payload()));
        if (batch.size() >= REEMBED_BATCH) {
          done[0] += writeBatch(staging, batch, cancelled);
          progress.accept(done[0]);
        }
      });
      long all = done[0] + writeBatch(staging, batch, cancelled);
      if (cancelled.getAsBoolean()) { // the last word before the swap
        throw new java.util.concurrent.CancellationException("re-embed of tenant " + tenant + " cancelled");
      }
      return all;
    });
    progress.accept(reembedded);
    return reembedded;
  }

  /**
   * Rebuilds a tenant without downtime: {@code build} writes the new content under a staging name (its argument)
   * beside the live index, which keeps serving; then the staging index is swapped in atomically. When
   * {@code build} or the swap fails, the staging index is dropped and the tenant is left as it was.
   *
   * @param token names the staging index, lower-case letters and digits (a job id)
   */
  public <T> T rebuild(String tenant, String token, Function<String, T> build) {
    String staging = TenantNames.staging(tenant, token);
    // A staging index left by a run that was killed (its drop never ran) must not leak into this one.
    index.deleteTenant(staging);
    var lock = writeLock(tenant).writeLock();
    lock.lock();
    try {
      journals.put(tenant, new Journal(staging)); // live writes from now on are replayed before the swap
    } finally {
      lock.unlock();
    }
    try {
      T result = build.apply(staging);
      lock.lock();
      try {
        Journal journal = journals.get(tenant);
        if (journal.tenantErased) {
          throw new TenantErasedException(tenant);
        }
        replay(staging, journal.writes);
        index.replaceTenant(tenant, staging);
      } finally {
        journals.remove(tenant);
        lock.unlock();
      }
      tenantModels.remove(tenant);
      return result;
    } catch (RuntimeException e) {
      journals.remove(tenant);
      try {
        index.deleteTenant(staging);
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /**
   * Applies to the staging index, in order, the live writes made while it was built: tickets upserted (embedded
   * again with the configured model) and deleted, so that the swap loses no acknowledged write and brings back no
   * erased ticket.
   */
  @SuppressWarnings("unchecked")
  private void replay(String staging, List<Object> writes) {
    for (Object w : writes) {
      if (w instanceof Deleted d) {
        index.delete(staging, d.id());
      } else {
        write(staging, (List<Ticket>) w, embedder);
      }
    }
  }

  private long writeBatch(String staging, List<Ticket> batch, BooleanSupplier cancelled) {
    if (cancelled.getAsBoolean()) {
      throw new java.util.concurrent.CancellationException("re-embed cancelled");
    }
    int n = batch.size();
    if (n > 0) {
      writeStaging(staging, batch);
      batch.clear();
    }
    return n;
  }

  /** A rebuild's write; refused once its tenant is erased, so that a rebuild stops at its next batch. */
  private List<float[]> writeStaging(String staging, List<Ticket> tickets) {
    for (Map.Entry<String, Journal> rebuild : journals.entrySet()) { // one entry per rebuild under way
      if (rebuild.getValue().staging.equals(staging) && rebuild.getValue().tenantErased) {
        throw new TenantErasedException(rebuild.getKey());
      }
    }
    return write(staging, tickets, embedder); // a staging index always gets the configured model
  }

  /**
   * Erases a tenant's tickets and vectors. A rebuild of the tenant under way is told under the tenant's lock, so
   * it either swapped in before (and this erases the result) or never will: it stops at its next batch, or at the
   * latest just before its swap, and drops its staging index.
   */
  public void deleteTenant(String tenant) {
    var lock = writeLock(tenant).writeLock();
    lock.lock();
    try {
      Journal journal = journals.get(tenant);
      if (journal != null) {
        journal.tenantErased = true;
      }
      index.deleteTenant(tenant);
      tenantModels.remove(tenant);
      erasures.merge(tenant, 1L, Long::sum);
    } finally {
      lock.unlock();
    }
  }

  /**
   * How many times this process deleted the tenant so far. A long job (an append import) notes it when it is
   * queued and writes with {@link #upsertUnlessErased}, so that a delete while it waits or runs stops it instead of
   * writing the rest of its file back into an erased tenant.
   */
  public long erasures(String tenant) {
    return erasures.getOrDefault(tenant, 0L);
  }

  /**
   * As {@link #upsert}, unless the tenant was deleted since {@code erasuresSeen} was read from {@link #erasures}:
   * then nothing is written and {@link TenantErasedException} is thrown. Checked under the tenant's write lock's
   * read side, which a delete takes exclusively, so a batch is either before the delete (and erased by it) or
   * refused.
   */
  public List<float[]> upsertUnlessErased(String tenant, List<Ticket> tickets, long erasuresSeen) {
    var lock = writeLock(tenant).readLock();
    lock.lock();
    try {
      if (erasures(tenant) != erasuresSeen) {
        throw new TenantErasedException(tenant);
      }
      return upsert(tenant, tickets);
    } finally {
      lock.unlock();
    }
  }

  /** Forgets what is known of a tenant's model, after its index was replaced or dropped. */
  public void forgetModel(String tenant) {
    tenantModels.remove(tenant);
  }

  @Override
  public void close() {
    legacy.values().forEach(Embedder::close);
    legacy.clear();
  }

  public VectorIndex index() {
    return index;
  }

  public String modelId() {
    return embedder.modelId();
  }

  /** Embeds and stores tickets as one durable write; returns their vectors, in order. */
  public List<float[]> upsert(String tenant, List<Ticket> tickets) {
    if (tickets.isEmpty()) {
      return List.of();
    }
    if (TenantNames.isStaging(tenant)) {
      return writeStaging(tenant, tickets);
    }
    var lock = writeLock(tenant).readLock();
    lock.lock();
    try {
      List<float[]> vectors = write(tenant, tickets, embedderFor(tenant));
      journal(tenant, List.copyOf(tickets));
      return vectors;
    } finally {
      lock.unlock();
    }
  }

  private java.util.concurrent.locks.ReentrantReadWriteLock writeLock(String tenant) {
    return writeLocks.computeIfAbsent(tenant, t -> new java.util.concurrent.locks.ReentrantReadWriteLock());
  }

  /** Notes a live write for the rebuild of the tenant under way, if any; called under the tenant's read lock. */
  private void journal(String tenant, Object write) {
    Journal j = journals.get(tenant);
    if (j != null) {
      synchronized (j.writes) {
        j.writes.add(write);
      }
    }
  }

  private List<float[]> write(String tenant, List<Ticket> tickets, Embedder with) {
    List<String> texts = tickets.stream().map(t -> TextPreparer.prepare(t.subject(), t.body())).toList();
    List<float[]> vectors = with.embedAll(texts);
    List<Entry> entries = new ArrayList<>(tickets.size());
    for (int i = 0; i < tickets.size(); i++) {
      Ticket t = tickets.get(i);
      entries.add(new Entry(t.id(), vectors.get(i), TicketDocuments.toPayload(t, texts.get(i), with.modelId())));
    }
    index.upsertAll(tenant, entries);
    if (!TenantNames.isStaging(tenant)) {
      // A tenant that had no tickets now has this model.
      tenantModels.compute(tenant, (t, cached) -> cached == null || cached.model() == null
          ? new CachedModel(with.modelId(), System.nanoTime()) : cached);
    }
    return vectors;
  }

  /**
   * Stores tickets with vectors embedded beforehand by this store's embedder from {@link TextPreparer#prepare},
   * for offline evaluation that embeds a data set once and loads it in steps.
   */
  public void upsertEmbedded(String tenant, List<Ticket> tickets, List<float[]> vectors) {
    if (tickets.size() != vectors.size()) {
      throw new IllegalArgumentException(tickets.size() + " tickets but " + vectors.size() + " vectors");
    }
    List<Entry> entries = new ArrayList<>(tickets.size());
    for (int i = 0; i < tickets.size(); i++) {
      Ticket t = tickets.get(i);
      entries.add(new Entry(t.id(), vectors.get(i),
          TicketDocuments.toPayload(t, TextPreparer.prepare(t.subject(), t.body()), modelId())));
    }
    index.upsertAll(tenant, entries);
  }

  public boolean delete(String tenant, String id) {
    if (TenantNames.isStaging(tenant)) {
      return index.delete(tenant, id);
    }
    var lock = writeLock(tenant).readLock();
    lock.lock();
    try {
      boolean deleted = index.delete(tenant, id);
      journal(tenant, new Deleted(id)); // also when absent live: the rebuild may be adding it from its file
      return deleted;
    } finally {
      lock.unlock();
    }
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

  /** Visits every stored ticket with its vector. */
  public void forEach(String tenant, StoredTicketVisitor visitor) {
    index.forEach(tenant, e -> visitor.visit(TicketDocuments.toTicket(e.id(), e.payload()), e.vector(),
        e.payload().text()));
  }

  /** Receives a stored ticket, its unit vector and the text that was embedded. */
  @FunctionalInterface
  public interface StoredTicketVisitor {
    void visit(Ticket ticket, float[] vector, String preparedText);
  }
}
