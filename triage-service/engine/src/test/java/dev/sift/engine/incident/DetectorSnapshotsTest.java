package dev.sift.engine.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A window written and read back is the window: members, vectors and verdicts. */
class DetectorSnapshotsTest {

  private static final int DIMENSION = 4;

  @Test
  void a_written_window_reads_back_with_every_vector_bit_for_bit() {
    Cluster c = new Cluster("c1", "acme", DIMENSION);
    float[] first = {0.5f, -0.25f, Float.MIN_VALUE, 1e-30f};
    float[] second = {-1f, 0f, 0.125f, 3.4e38f};
    c.add(new TicketArrival("t1", "VPN down", "ann", null, Instant.EPOCH), first);
    c.add(new TicketArrival(null, "vpn is down", "bob", "globex", Instant.EPOCH), second);
    c.state = IncidentState.CONFIRMED;
    c.candidate = true;
    c.reason = "3 requesters in 10 minutes";
    DetectorSnapshots.WindowSnapshot window =
        new DetectorSnapshots.WindowSnapshot(
            List.of(DetectorSnapshots.snapshot(c)), List.of(DetectorSnapshots.snapshot(c)));

    byte[] written = DetectorSnapshots.encode(window);
    // The second write takes the vectors' text from the cache: the same bytes.
    assertThat(DetectorSnapshots.encode(window)).isEqualTo(written);

    DetectorSnapshots.StoredWindow read = DetectorSnapshots.decode(written);
    Cluster back = DetectorSnapshots.restore("acme", read.open().getFirst(), DIMENSION);
    assertThat(back.vectors).containsExactly(first, second);
    assertThat(back.members).containsExactlyElementsOf(c.members);
    assertThat(back.state).isEqualTo(IncidentState.CONFIRMED);
    assertThat(back.candidate).isTrue();
    assertThat(back.reason).isEqualTo("3 requesters in 10 minutes");
    assertThat(read.candidates()).singleElement().extracting(s -> s.id()).isEqualTo("c1");
  }
}
