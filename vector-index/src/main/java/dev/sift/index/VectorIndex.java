package dev.sift.index;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Stores one unit vector and one payload per ticket, per tenant, and finds the nearest ones. Every
 * operation is scoped to one tenant; nothing ever crosses tenants. A write is durable once the call
 * returns.
 *
 * <p>Vectors must be L2-normalised; similarity is the dot product (cosine).
 */
public interface VectorIndex extends AutoCloseable {

  /** Inserts or replaces one entry. */
  default void upsert(String tenant, String id, float[] vector, Payload payload) {
    upsertAll(tenant, List.of(new Entry(id, vector, payload)));
  }

  /**
   * Inserts or replaces entries as one durable write: when it returns, all of them survive a crash.
   */
  void upsertAll(String tenant, List<Entry> entries);

  /** Removes an entry; returns whether it existed. */
  boolean delete(String tenant, String id);

  /**
   * The {@code k} entries most similar to {@code vector}, best first; {@link Hit#score()} is the
   * cosine.
   */
  List<Hit> search(String tenant, float[] vector, int k);

  /**
   * The {@code k} best lexical (full-text) matches for {@code text}, best first; the score is
   * backend-specific.
   */
  List<Hit> searchText(String tenant, String text, int k);

  long count(String tenant);

  Optional<Entry> get(String tenant, String id);

  /** Visits every entry of a tenant, in no particular order. */
  void forEach(String tenant, Consumer<Entry> visitor);

  /** Tenants that have an index, even an empty one. */
  Set<String> tenants();

  /** Whether the tenant has an index; backends answer this without listing every tenant. */
  default boolean hasTenant(String tenant) {
    return tenants().contains(tenant);
  }

  /**
   * Removes a tenant and all its entries. Also takes a staging name, to drop an abandoned rebuild.
   */
  void deleteTenant(String tenant);

  /**
   * Makes the entries written under {@code staging} ({@link TenantNames#staging}) the whole of
   * {@code tenant}, and removes {@code staging}. Readers see the old entries or the new ones, never
   * a mix, and the swap is durable when the call returns. The tenant need not exist before.
   */
  void replaceTenant(String tenant, String staging);

  /** Index size on disk in bytes, or -1 where the backend cannot tell. */
  long sizeInBytes(String tenant);

  int dimension();

  @Override
  void close();
}
