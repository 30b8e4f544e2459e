import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop triage load at a constant rate: request i is due at start + i / rate and is sent then, whatever the
 * earlier ones are doing, and its latency counts from when it was due, so a slow answer cannot hide the requests
 * that would have queued behind it (no coordinated omission, unlike a closed-loop tool such as wrk or hey).
 * Run with the JDK alone: {@code java scripts/load/OpenLoop.java URL KEY RATE SECONDS}. Prints one RESULT line.
 */
public class OpenLoop {

  private static final List<String[]> TICKETS = List.of(
      new String[] {"Outlook asks for my password again and again",
          "Since the update this morning Outlook shows a sign-in window every few minutes."},
      new String[] {"VPN connects but network drives are missing",
          "Since this morning my mapped drives show a red cross when I work from home."},
      new String[] {"Printer on floor 3 prints blank pages",
          "The HP printer next to the kitchen feeds paper but nothing is printed."},
      new String[] {"Cannot log in to the payroll portal",
          "It says my account is locked after I changed my password yesterday."},
      new String[] {"Laptop very slow after Windows update", "Boot takes ten minutes and Teams freezes during calls."},
      new String[] {"Need access to the finance shared mailbox",
          "My manager approved it, please add me to finance@ with send-as rights."},
      new String[] {"Wifi keeps dropping in meeting room B",
          "Every few minutes the connection drops for everyone in the room."},
      new String[] {"Excel crashes when opening large workbook",
          "Excel closes without an error when I open the monthly sales report."});
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  public static void main(String[] args) throws Exception {
    URI url = URI.create(args[0]);
    String key = args[1];
    double rate = Double.parseDouble(args[2]);
    int seconds = Integer.parseInt(args[3]);
    int n = (int) Math.round(rate * seconds);
    long interval = (long) (1e9 / rate);
    long[] latency = new long[n];
    int[] status = new int[n];
    CountDownLatch done = new CountDownLatch(n);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .executor(Executors.newFixedThreadPool(4)).connectTimeout(Duration.ofSeconds(5)).build();
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
    for (int i = 0; i < n; i++) {
      long due = start + i * interval;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      String[] t = TICKETS.get(i % TICKETS.size());
      HttpRequest request = HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT)
          .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(
              "{\"id\":\"LOAD-" + i + "\",\"subject\":\"" + t[0] + "\",\"body\":\"" + t[1] + "\"}"))
          .build();
      int index = i;
      http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
        latency[index] = System.nanoTime() - due;
        status[index] = error == null ? response.statusCode() : -1;
        done.countDown();
      });
    }
    long sendEnd = System.nanoTime();
    done.await(seconds + REQUEST_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
    long[] sorted = latency.clone();
    Arrays.sort(sorted);
    long errors = Arrays.stream(status).filter(s -> s < 200 || s >= 300).count();
    System.out.printf(Locale.ROOT, "RESULT offered=%.1f/s sent=%d in %.1f s p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f "
            + "p999_ms=%.1f max_ms=%.1f errors=%d%n", rate, n, (sendEnd - start) / 1e9, ms(sorted, 0.50),
        ms(sorted, 0.90), ms(sorted, 0.99), ms(sorted, 0.999), sorted[n - 1] / 1e6, errors);
    System.exit(0);
  }

  private static double ms(long[] sorted, double q) {
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
  }
}
