package dev.sift.engine.coldstart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.engine.coldstart.PredictionLog.Line;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PendingLinesTest {

  private static final long WAIT_SECONDS = 10;

  private static Line suggestion(String id) {
    return new Line("suggestion", Instant.EPOCH, id, "m", java.util.Map.of(), null);
  }

  @Test
  void recording_returns_while_the_store_is_stuck_and_the_lines_follow_once_it_moves()
      throws InterruptedException {
    CountDownLatch stuck = new CountDownLatch(1);
    CountDownLatch written = new CountDownLatch(3);
    List<String> ids = Collections.synchronizedList(new ArrayList<>());
    try (PendingLines pending =
        new PendingLines(
            (tenant, lines) -> {
              try {
                stuck.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              lines.forEach(
                  l -> {
                    ids.add(tenant + "/" + l.ticketId());
                    written.countDown();
                  });
            })) {
      long start = System.nanoTime();
      pending.add("acme", suggestion("T-1"));
      pending.add("acme", suggestion("T-2"));
      pending.add("globex", suggestion("T-1"));
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
          .as("no triage waits for the store")
          .isLessThan(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
      assertThat(ids).as("nothing written while the store is stuck").isEmpty();

      stuck.countDown();
      assertThat(written.await(WAIT_SECONDS, TimeUnit.SECONDS))
          .as("the writer thread writes without a reader asking")
          .isTrue();
      assertThat(ids).containsExactly("acme/T-1", "acme/T-2", "globex/T-1");
    }
  }

  @Test
  void a_tenant_whose_write_fails_does_not_stop_the_others_and_close_writes_what_is_left() {
    List<String> ids = Collections.synchronizedList(new ArrayList<>());
    PendingLines pending =
        new PendingLines(
            (tenant, lines) -> {
              if (tenant.equals("broken")) {
                throw new IllegalStateException("disk full");
              }
              lines.forEach(l -> ids.add(tenant + "/" + l.ticketId()));
            });
    pending.add("broken", suggestion("T-1"));
    pending.add("acme", suggestion("T-1"));
    pending.close();
    pending.add("acme", suggestion("T-2"));
    pending.flush();

    assertThat(ids).containsExactly("acme/T-1", "acme/T-2");
  }
}
