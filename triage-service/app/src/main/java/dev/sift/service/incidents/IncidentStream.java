package dev.sift.service.incidents;

import dev.sift.engine.incident.Incident;
import dev.sift.service.system.ProblemException;
import dev.sift.service.system.ProblemType;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-Sent Events for dashboards: each tenant's subscribers receive its new candidates as they
 * are raised. A stream gets a comment line at once ({@code :subscribed}) and every {@code
 * heartbeat} while idle: the first bytes tell the client it is connected, and a beat that cannot be
 * written finds a client that left, whose stream is then closed rather than kept open for hours. A
 * tenant holds at most {@code max-per-tenant} streams. At shutdown every stream is closed first
 * (this lifecycle stops before the web server's graceful shutdown, which would otherwise wait on
 * them).
 *
 * <p>Each event's id is the incident's id. The ids of a tenant's last {@code replay} candidates are
 * kept, so that a client reconnecting with {@code Last-Event-ID} (as {@code EventSource} does by
 * itself) first gets the candidates raised after that one; an id no longer kept (or from another
 * instance) replays all that are kept. Only ids are kept: a replayed candidate is read from the
 * detector as it is now, and one erased meanwhile is not replayed.
 */
final class IncidentStream implements SmartLifecycle, AutoCloseable {

  /**
   * Long enough for a dashboard to stay connected for hours; browsers reconnect by themselves after
   * it.
   */
  private static final long TIMEOUT_MILLIS = 6 * 60 * 60 * 1000L;

  static final String EVENT = "major-incident-candidate";

  private final IncidentProperties.Stream settings;

  /**
   * The tenant's candidate as it is now, for a replay; empty once it is gone (erased, expired and
   * dropped).
   */
  private final Function<String, List<Incident>> current;

  private final Map<String, List<SseEmitter>> subscribers = new ConcurrentHashMap<>();

  /**
   * Per tenant, the ids of its newest candidates, oldest first; guarded by the tenant's subscriber
   * list.
   */
  private final Map<String, Deque<String>> recent = new ConcurrentHashMap<>();

  private final ScheduledExecutorService heartbeat =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "sift-incident-stream-heartbeat");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean running;

  IncidentStream(IncidentProperties.Stream settings, Function<String, List<Incident>> current) {
    this.settings = settings;
    this.current = current;
    long every = settings.heartbeat().toMillis();
    heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * @param lastEventId the id of the last event the client received before it reconnected, or null
   *     for a new subscription
   */
  SseEmitter subscribe(String tenant, String lastEventId) {
    if (!running) {
      throw new ProblemException(
          ProblemType.UNAVAILABLE,
          "The service is shutting down; reconnect to another instance or retry shortly.");
    }
    SseEmitter emitter = new SseEmitter(TIMEOUT_MILLIS);
    List<SseEmitter> list = subscribers.computeIfAbsent(tenant, t -> new CopyOnWriteArrayList<>());
    synchronized (list) {
      if (list.size() >= settings.maxPerTenant()) {
        throw new ProblemException(
                ProblemType.TOO_MANY_STREAMS,
                "Tenant '"
                    + tenant
                    + "' already has "
                    + list.size()
                    + " open event streams, the most allowed; close one first.")
            .with("maxStreams", settings.maxPerTenant());
      }
      Runnable remove = () -> list.remove(emitter);
      emitter.onCompletion(remove);
      emitter.onTimeout(remove);
      emitter.onError(e -> remove.run());
      list.add(emitter);
      // At once, so that the response headers go out now: a client or a proxy sees the stream open
      // without waiting for the first candidate, which may be hours away.
      send(list, emitter, SseEmitter.event().comment("subscribed"));
      // Under the list's lock, which publish holds too: nothing raised meanwhile is missed or sent
      // twice.
      if (lastEventId != null) {
        List<String> missed = missed(tenant, lastEventId);
        if (!missed.isEmpty()) {
          // One read of the tenant's candidates for all the missed ids: on a shared store each read
          // is a query.
          Map<String, Incident> now = new HashMap<>();
          current.apply(tenant).forEach(i -> now.put(i.id(), i));
          for (String id : missed) {
            Incident incident = now.get(id);
            if (incident != null) {
              send(list, emitter, event(incident));
            }
          }
        }
      }
    }
    return emitter;
  }

  void publish(String tenant, Incident incident) {
    List<SseEmitter> list = subscribers.computeIfAbsent(tenant, t -> new CopyOnWriteArrayList<>());
    synchronized (list) {
      if (settings.replay() > 0) {
        Deque<String> ids = recent.computeIfAbsent(tenant, t -> new ArrayDeque<>());
        ids.addLast(incident.id());
        while (ids.size() > settings.replay()) {
          ids.removeFirst();
        }
      }
      for (SseEmitter emitter : list) {
        send(list, emitter, event(incident));
      }
    }
  }

  /** The kept ids after {@code lastEventId}; all kept ids when it is not among them. */
  private List<String> missed(String tenant, String lastEventId) {
    List<String> ids = new ArrayList<>(recent.getOrDefault(tenant, new ArrayDeque<>()));
    int last = ids.lastIndexOf(lastEventId.strip());
    return ids.subList(last + 1, ids.size());
  }

  private static SseEmitter.SseEventBuilder event(Incident incident) {
    return SseEmitter.event().name(EVENT).id(incident.id()).data(incident);
  }

  private void beat() {
    subscribers
        .values()
        .forEach(list -> list.forEach(e -> send(list, e, SseEmitter.event().comment("heartbeat"))));
  }

  private static void send(
      List<SseEmitter> list, SseEmitter emitter, SseEmitter.SseEventBuilder event) {
    try {
      emitter.send(event);
    } catch (IOException | IllegalStateException e) {
      // The client left (or the stream ended): free its place and close the response, and with it
      // the socket.
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
    subscribers
        .values()
        .forEach(
            list -> {
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
