package dev.sift.service.triage;

import dev.sift.engine.Accuracy;
import dev.sift.engine.AnswerMethod;
import dev.sift.engine.coldstart.PredictionLog;
import dev.sift.service.system.ProblemException;
import dev.sift.service.system.ProblemType;
import dev.sift.service.system.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Live accuracy of the suggestions made, scored against the final labels of the tickets as they are
 * upserted.
 */
@RestController
@Tag(name = "Triage")
class AccuracyController {

  /** The window when the request gives none. */
  static final Duration DEFAULT_WINDOW = Duration.ofDays(30);

  private final Accuracy accuracy;
  private final Clock clock = Clock.systemUTC();

  AccuracyController(Accuracy accuracy) {
    this.accuracy = accuracy;
  }

  /**
   * @param methods the method that answers each field now; it moves from cold start to neighbours
   *     as history grows and neighbours beat cold start
   * @param fields per field, then per method, the figures for suggestions made in [from, to)
   */
  record AccuracyResponse(
      String tenant,
      Instant from,
      Instant to,
      Map<String, AnswerMethod> methods,
      Map<String, Map<String, PredictionLog.FieldAccuracy>> fields) {}

  @Operation(
      operationId = "accuracy",
      summary = "Live accuracy per field and method",
      description =
          "Every suggestion is logged; when its ticket is later upserted with final labels it is scored. "
              + "Per field and method: suggestions, scored, answered, accuracy (right among answered), coverage "
              + "(answered among scored), abstain rate, and guess accuracy (best guess right among scored, answered or "
              + "not). Default window: the last 30 days. Unknown tenant: 404.")
  @Problems({ProblemType.UNKNOWN_TENANT, ProblemType.INVALID_PARAMETER})
  @GetMapping(path = "/v1/tenants/{tenant}/accuracy", produces = MediaType.APPLICATION_JSON_VALUE)
  AccuracyResponse accuracy(
      @PathVariable String tenant,
      @Parameter(description = "ISO-8601 instant, inclusive; default `to` minus 30 days")
          @RequestParam(name = "from", required = false)
          String from,
      @Parameter(description = "ISO-8601 instant, exclusive; default now")
          @RequestParam(name = "to", required = false)
          String to) {
    Instant end = to == null ? clock.instant() : instant("to", to);
    Instant start = from == null ? end.minus(DEFAULT_WINDOW) : instant("from", from);
    if (!start.isBefore(end)) {
      throw ProblemException.invalidParameter(
          "from", "from must be before to, was " + start + " and " + end + ".");
    }
    Map<String, AnswerMethod> methods = accuracy.methods(tenant);
    return new AccuracyResponse(tenant, start, end, methods, accuracy.figures(tenant, start, end));
  }

  private static Instant instant(String name, String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ProblemException.invalidParameter(
          name,
          name
              + " must be an ISO-8601 instant such as "
              + "2026-05-01T00:00:00Z, was '"
              + value
              + "'.");
    }
  }
}
