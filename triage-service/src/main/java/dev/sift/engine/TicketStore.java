package dev.sift.engine;

import dev.sift.data.Ticket;
import dev.sift.embedding.Embedder;
import dev.sift.embedding.TextPreparer;
import dev.sift.index.Entry;
import dev.sift.index.VectorIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** A tenant's past tickets, embedded and indexed. Each write is durable when the call returns. */
public final class TicketStore {

  private final Embedder embedder;
  private final VectorIndex index;

  public TicketStore(Embedder embedder, VectorIndex index) {
    if (embedder.dimension() != index.dimension()) {
      throw new IllegalArgumentException("embedding dimension " + embedder.dimension()
          + " differs from index dimension " + index.dimension());
    }
    this.embedder = embedder;
    this.index = index;
  }

  public Embedder embedder() {
    return embedder;
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
    List<String> texts = tickets.stream().map(t -> TextPreparer.prepare(t.subject(), t.body())).toList();
    List<float[]> vectors = embedder.embedAll(texts);
    List<Entry> entries = new ArrayList<>(tickets.size());
    for (int i = 0; i < tickets.size(); i++) {
      Ticket t = tickets.get(i);
      entries.add(new Entry(t.id(), vectors.get(i), TicketDocuments.toPayload(t, texts.get(i), modelId())));
    }
    index.upsertAll(tenant, entries);
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
    return index.delete(tenant, id);
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

  public void forEachTicket(String tenant, Consumer<Ticket> visitor) {
    forEach(tenant, (t, v, text) -> visitor.accept(t));
  }

  /** Receives a stored ticket, its unit vector and the text that was embedded. */
  @FunctionalInterface
  public interface StoredTicketVisitor {
    void visit(Ticket ticket, float[] vector, String preparedText);
  }
}
