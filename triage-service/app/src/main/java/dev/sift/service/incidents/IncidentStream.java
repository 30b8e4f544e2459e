package dev.sift.service.incidents;

import dev.sift.engine.incident.Incident;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-Sent Events for dashboards: each tenant's subscribers receive its new candidates as they are raised. On
 * shutdown every stream is ended first: an open stream never finishes by itself, so the web server's graceful
 * shutdown would otherwise wait out its whole timeout for each dashboard left open.
 */
final class IncidentStream implements SmartLifecycle {

  /** Long enough for a dashboard to stay connected for hours; browsers reconnect by themselves after it. */
  private static final long TIMEOUT_MILLIS = 6 * 60 * 60 * 1000L;

  private final Map<String, List<SseEmitter>> subscribers = new ConcurrentHashMap<>();
  private volatile boolean running;

  SseEmitter subscribe(String tenant) {
    SseEmitter emitter = new SseEmitter(TIMEOUT_MILLIS);
    List<SseEmitter> list = subscribers.computeIfAbsent(tenant, t -> new CopyOnWriteArrayList<>());
    list.add(emitter);
    Runnable remove = () -> list.remove(emitter);
    emitter.onCompletion(remove);
    emitter.onTimeout(remove);
    emitter.onError(e -> remove.run());
    try {
      // Sent at once, so that the response headers go out now: a client (fetch() in the console, a proxy) sees the
      // stream open without waiting for the first candidate, which may be hours away.
      emitter.send(SseEmitter.event().comment("subscribed"));
    } catch (IOException e) {
      emitter.completeWithError(e);
    }
    return emitter;
  }

  void publish(String tenant, Incident incident) {
    for (SseEmitter emitter : subscribers.getOrDefault(tenant, List.of())) {
      try {
        emitter.send(SseEmitter.event().name("major-incident-candidate").id(incident.id()).data(incident));
      } catch (IOException | IllegalStateException e) {
        emitter.completeWithError(e);
      }
    }
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    subscribers.values().forEach(list -> list.forEach(SseEmitter::complete));
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
}
