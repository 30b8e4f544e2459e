package dev.sift.service.incidents;

import dev.sift.engine.incident.Incident;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Server-Sent Events for dashboards: each tenant's subscribers receive its new candidates as they are raised. */
final class IncidentStream {

  /** Long enough for a dashboard to stay connected for hours; browsers reconnect by themselves after it. */
  private static final long TIMEOUT_MILLIS = 6 * 60 * 60 * 1000L;

  private final Map<String, List<SseEmitter>> subscribers = new ConcurrentHashMap<>();

  SseEmitter subscribe(String tenant) {
    SseEmitter emitter = new SseEmitter(TIMEOUT_MILLIS);
    List<SseEmitter> list = subscribers.computeIfAbsent(tenant, t -> new CopyOnWriteArrayList<>());
    list.add(emitter);
    Runnable remove = () -> list.remove(emitter);
    emitter.onCompletion(remove);
    emitter.onTimeout(remove);
    emitter.onError(e -> remove.run());
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
}
