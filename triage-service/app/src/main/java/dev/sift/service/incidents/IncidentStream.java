package dev.sift.service.incidents;

import dev.sift.engine.incident.Incident;
import dev.sift.service.system.ProblemException;
import dev.sift.service.system.ProblemType;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-Sent Events for dashboards: each tenant's subscribers receive its new candidates as they are raised. A
 * stream gets a comment line at once ({@code :subscribed}) and every {@code heartbeat} while idle: the first bytes tell the client it is
 * connected, and a beat that cannot be written finds a client that left, whose stream is then closed rather than
 * kept open for hours. A tenant holds at most {@code max-per-tenant} streams. At shutdown every stream is closed
 * first (this lifecycle stops before the web server's graceful shutdown, which would otherwise wait on them).
 */
final class IncidentStream implements SmartLifecycle, AutoCloseable {

  /** Long enough for a dashboard to stay connected for hours; browsers reconnect by themselves after it. */
  private static final long TIMEOUT_MILLIS = 6 * 60 * 60 * 1000L;

  private final IncidentProperties.Stream settings;
  private final Map<String, List<SseEmitter>> subscribers = new ConcurrentHashMap<>();
  private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "sift-incident-stream-heartbeat");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean running;

  IncidentStream(IncidentProperties.Stream settings) {
    this.settings = settings;
    long every = settings.heartbeat().toMillis();
    heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
  }

  SseEmitter subscribe(String tenant) {
    if (!running) {
      throw new ProblemException(ProblemType.UNAVAILABLE, "The service is shutting down; reconnect to another "
          + "instance or retry shortly.");
    }
    SseEmitter emitter = new SseEmitter(TIMEOUT_MILLIS);
    List<SseEmitter> list = subscribers.computeIfAbsent(tenant, t -> new CopyOnWriteArrayList<>());
    synchronized (list) {
      if (list.size() >= settings.maxPerTenant()) {
        throw new ProblemException(ProblemType.TOO_MANY_STREAMS, "Tenant '" + tenant + "' already has "
            + list.size() + " open event streams, the most allowed; close one first.")
            .with("maxStreams", settings.maxPerTenant());
      }
      list.add(emitter);
    }
    Runnable remove = () -> list.remove(emitter);
    emitter.onCompletion(remove);
    emitter.onTimeout(remove);
    emitter.onError(e -> remove.run());
    // At once, so that the response headers go out now: a client or a proxy sees the stream open without waiting
    // for the first candidate, which may be hours away.
    send(list, emitter, SseEmitter.event().comment("subscribed"));
    return emitter;
  }

  void publish(String tenant, Incident incident) {
    List<SseEmitter> list = subscribers.getOrDefault(tenant, List.of());
    for (SseEmitter emitter : list) {
      send(list, emitter, SseEmitter.event().name("major-incident-candidate").id(incident.id()).data(incident));
    }
  }

  private void beat() {
    subscribers.values().forEach(list -> list.forEach(e -> send(list, e, SseEmitter.event().comment("heartbeat"))));
  }

  private static void send(List<SseEmitter> list, SseEmitter emitter, SseEmitter.SseEventBuilder event) {
    try {
      emitter.send(event);
    } catch (IOException | IllegalStateException e) {
      // The client left (or the stream ended): free its place and close the response, and with it the socket.
      list.remove(emitter);
      emitter.completeWithError(e);
    }
  }

  @Override
  public void start() {
    running = true;
  }

  /** Closes every stream; new ones are refused until {@link #start}. */
  @Override
  public void stop() {
    running = false;
    subscribers.values().forEach(list -> {
      list.forEach(SseEmitter::complete);
      list.clear();
    });
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Stopped before everything else, the web server's graceful shutdown included. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE;
  }

  @Override
  public void close() {
    stop();
    heartbeat.shutdownNow();
  }
}
