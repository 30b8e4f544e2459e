package dev.sift.service.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TenantFairQueueTest {

  /** A task that names its tenant before the colon. */
  private record Task(String name) implements Runnable {
    @Override
    public void run() {}
  }

  private static TenantFairQueue queue(int capacity) {
    return new TenantFairQueue(capacity, r -> ((Task) r).name().split(":")[0]);
  }

  @Test
  void tenants_take_turns_in_the_order_they_first_waited_and_each_keeps_its_own_order() {
    TenantFairQueue q = queue(10);
    for (String name : List.of("a:1", "a:2", "a:3", "b:1", "c:1", "b:2")) {
      assertThat(q.offer(new Task(name))).isTrue();
    }
    List<String> order = new ArrayList<>();
    for (Runnable r; (r = q.poll()) != null; ) {
      order.add(((Task) r).name());
    }
    assertThat(order).containsExactly("a:1", "b:1", "c:1", "a:2", "b:2", "a:3");
  }

  @Test
  void it_is_bounded_and_removes_drains_and_times_out_like_a_blocking_queue() throws Exception {
    TenantFairQueue q = queue(2);
    Task a = new Task("a:1");
    assertThat(q.offer(a)).isTrue();
    assertThat(q.offer(new Task("b:1"))).isTrue();
    assertThat(q.offer(new Task("c:1"))).isFalse();
    assertThat(q.remainingCapacity()).isZero();
    assertThat(q.offer(new Task("c:1"), 50, TimeUnit.MILLISECONDS)).isFalse();

    assertThat(q.remove(a)).isTrue();
    assertThat(q.size()).isEqualTo(1);
    assertThat(q.peek()).isEqualTo(new Task("b:1"));
    List<Runnable> drained = new ArrayList<>();
    assertThat(q.drainTo(drained)).isEqualTo(1);
    assertThat(q.isEmpty()).isTrue();
    assertThat(q.poll(50, TimeUnit.MILLISECONDS)).isNull();
  }
}
