package dev.sift.service.connectors;

import dev.sift.service.system.ProblemException;
import dev.sift.service.system.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Predicate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a webhook's body within the connectors' payload limit, checks it against the connector's
 * signature or token before anything is parsed, then parses it as a JSON object.
 */
final class WebhookBodies {

  private final Connectors connectors;
  private final JsonMapper json;

  WebhookBodies(Connectors connectors, JsonMapper json) {
    this.connectors = connectors;
    this.json = json;
  }

  /**
   * The payload, once its raw bytes pass the connector's signature or token check; nothing is
   * parsed before.
   */
  JsonNode verified(HttpServletRequest request, Predicate<byte[]> authentic) {
    byte[] body = read(request);
    if (!authentic.test(body)) {
      throw new ProblemException(
          ProblemType.INVALID_SIGNATURE,
          "The webhook's signature or token is missing or "
              + "does not match the connector's secret; check the secret configured on both sides.");
    }
    return parse(body);
  }

  /**
   * The raw body, which the signature covers byte for byte, up to the connectors' payload limit.
   */
  private byte[] read(HttpServletRequest request) {
    long max = connectors.maxPayloadBytes();
    if (request.getContentLengthLong() > max) {
      throw ProblemException.payloadTooLarge(max, "A webhook payload");
    }
    try (InputStream in = request.getInputStream()) {
      byte[] body = in.readNBytes(Math.toIntExact(max + 1));
      if (body.length > max) {
        throw ProblemException.payloadTooLarge(max, "A webhook payload");
      }
      return body;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the webhook body", e);
    }
  }

  private JsonNode parse(byte[] body) {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JacksonException e) {
      var location = e.getLocation();
      throw new ProblemException(
          ProblemType.MALFORMED_BODY,
          "The webhook payload is not valid JSON"
              + (location != null
                  ? " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")"
                  : "")
              + ".");
    }
    if (root == null || !root.isObject()) {
      throw new ProblemException(
          ProblemType.MALFORMED_BODY, "The webhook payload is not a JSON object.");
    }
    return root;
  }
}
