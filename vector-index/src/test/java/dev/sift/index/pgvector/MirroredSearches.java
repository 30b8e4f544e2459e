package dev.sift.index.pgvector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.index.Entry;
import dev.sift.index.Hit;
import dev.sift.index.TenantNames;
import dev.sift.index.VectorIndex;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A mirrored {@link PgVectorIndex} whose every search of a tenant (and every tenant check) first
 * waits until the replica's copy answers it, and fails the test if it never does: the contract then
 * checks the copy, not PostgreSQL's fallback. Everything else goes straight to the index.
 */
final class MirroredSearches implements VectorIndex {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final long POLL_MILLIS = 5;

  private final PgVectorIndex index;

  MirroredSearches(PgVectorIndex index) {
    this.index = index;
  }

  /** Waits until the replica's copy of the tenant answers its searches. */
  static void awaitCopy(PgVectorIndex index, String tenant) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!index.mirrorAnswers(tenant) && System.nanoTime() < deadline) {
      index.search(tenant, new float[index.dimension()], 1); // the first search starts the copy
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    assertThat(index.mirrorAnswers(tenant)).as("the mirror answers tenant " + tenant).isTrue();
  }

  @Override
  public List<Hit> search(String tenant, float[] vector, int k) {
    if (TenantNames.isValid(tenant)) {
      awaitCopy(index, tenant);
    }
    return index.search(tenant, vector, k);
  }

  @Override
  public List<Hit> searchText(String tenant, String text, int k) {
    if (TenantNames.isValid(tenant)) {
      awaitCopy(index, tenant);
    }
    return index.searchText(tenant, text, k);
  }

  @Override
  public void upsertAll(String tenant, List<Entry> entries) {
    index.upsertAll(tenant, entries);
  }

  @Override
  public boolean delete(String tenant, String id) {
    return index.delete(tenant, id);
  }

  @Override
  public long count(String tenant) {
    return index.count(tenant);
  }

  @Override
  public Optional<Entry> get(String tenant, String id) {
    return index.get(tenant, id);
  }

  @Override
  public void forEach(String tenant, Consumer<Entry> visitor) {
    index.forEach(tenant, visitor);
  }

  @Override
  public Set<String> tenants() {
    return index.tenants();
  }

  @Override
  public boolean hasTenant(String tenant) {
    if (TenantNames.isValid(tenant)) {
      awaitCopy(index, tenant);
    }
    return index.hasTenant(tenant);
  }

  @Override
  public void deleteTenant(String tenant) {
    index.deleteTenant(tenant);
  }

  @Override
  public void replaceTenant(String tenant, String staging) {
    index.replaceTenant(tenant, staging);
  }

  @Override
  public long sizeInBytes(String tenant) {
    return index.sizeInBytes(tenant);
  }

  @Override
  public int dimension() {
    return index.dimension();
  }

  @Override
  public void close() {
    index.close();
  }
}
