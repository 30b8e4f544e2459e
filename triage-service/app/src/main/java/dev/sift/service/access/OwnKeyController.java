package dev.sift.service.access;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the calling key is, so that a client (the console) learns whether it is an admin and which
 * tenant it has.
 */
@RestController
@Tag(name = "Admin")
class OwnKeyController {

  /** The caller's key: never its secret or hash. {@code tenant} is null for an admin key. */
  record OwnKey(String id, ApiKey.Kind kind, String tenant, String name) {}

  @Operation(
      operationId = "ownKey",
      summary = "The calling key",
      description =
          "Its id, kind (ADMIN or TENANT), tenant and name. Every "
              + "live key may call it, tenant keys included.")
  @GetMapping(path = "/v1/key", produces = MediaType.APPLICATION_JSON_VALUE)
  OwnKey ownKey(HttpServletRequest request) {
    ApiKey key = (ApiKey) request.getAttribute(AccessFilter.CALLER);
    return new OwnKey(key.id(), key.kind(), key.tenant(), key.name());
  }
}
