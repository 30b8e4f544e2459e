package dev.sift.service.access;

import dev.sift.engine.Taxonomies;
import dev.sift.service.system.ProblemException;
import dev.sift.service.system.ProblemType;
import dev.sift.service.system.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Tenant and key management, for admin keys only (the access filter turns tenant keys away). */
@RestController
@Tag(name = "Admin")
class KeysController {

  /** Longest key label kept. */
  private static final int MAX_NAME_CHARS = 200;

  /** Key ids are 12 characters; anything longer is echoed only this far. */
  private static final int MAX_ECHOED_ID = 64;

  private final ApiKeys keys;
  private final Taxonomies taxonomies;
  private final dev.sift.engine.Tenants tenants;

  KeysController(ApiKeys keys, dev.sift.engine.Tenants tenants, Taxonomies taxonomies) {
    this.keys = keys;
    this.tenants = tenants;
    this.taxonomies = taxonomies;
  }

  /** Optional body of a key request. */
  record KeyRequest(String name) {}

  /** A new key: {@code key} is the secret, shown only in this response. */
  record NewKey(
      String key, String id, ApiKey.Kind kind, String tenant, String name, Instant createdAt) {}

  /** A key as listed: never its secret or hash. */
  record KeyView(
      String id,
      ApiKey.Kind kind,
      String tenant,
      String name,
      Instant createdAt,
      Instant revokedAt,
      boolean configured) {}

  record Keys(List<KeyView> keys) {}

  /**
   * @param taxonomy whether the tenant has a taxonomy stored (it may have no ticket yet: cold
   *     start)
   */
  record TenantView(String tenant, long tickets, int liveKeys, boolean taxonomy) {}

  record Tenants(List<TenantView> tenants) {}

  @Operation(
      operationId = "createTenantKey",
      summary = "Create a tenant key",
      description =
          "Returns {\"key\": ...} once; only its hash is "
              + "stored. Creates the tenant when it is new.")
  @ApiResponse(responseCode = "201", description = "The new key", useReturnTypeSchema = true)
  @Problems(ProblemType.INVALID_PARAMETER)
  @PostMapping(
      path = "/v1/admin/tenants/{tenant}/keys",
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<NewKey> createTenantKey(
      @PathVariable String tenant, @RequestBody(required = false) KeyRequest request) {
    return created(keys.issue(ApiKey.Kind.TENANT, tenant, name(request)));
  }

  @Operation(
      operationId = "createAdminKey",
      summary = "Create an admin key",
      description = "Returns {\"key\": ...} once.")
  @ApiResponse(responseCode = "201", description = "The new key", useReturnTypeSchema = true)
  @Problems(ProblemType.INVALID_PARAMETER)
  @PostMapping(path = "/v1/admin/keys", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<NewKey> createAdminKey(@RequestBody(required = false) KeyRequest request) {
    return created(keys.issue(ApiKey.Kind.ADMIN, null, name(request)));
  }

  @Operation(
      operationId = "listTenantKeys",
      summary = "List a tenant's keys",
      description = "Ids, labels and dates; never the secrets.")
  @GetMapping(path = "/v1/admin/tenants/{tenant}/keys", produces = MediaType.APPLICATION_JSON_VALUE)
  Keys tenantKeys(@PathVariable String tenant) {
    return new Keys(keys.list(tenant).stream().map(this::view).toList());
  }

  @Operation(
      operationId = "listKeys",
      summary = "List every key",
      description = "Admin and tenant keys, revoked ones included.")
  @GetMapping(path = "/v1/admin/keys", produces = MediaType.APPLICATION_JSON_VALUE)
  Keys allKeys() {
    return new Keys(keys.list(null).stream().map(this::view).toList());
  }

  @Operation(
      operationId = "revokeKey",
      summary = "Revoke a key",
      description =
          "204; the key stops working at once on this instance and "
              + "within sift.security.key-cache-ttl on other replicas. Keys set by configuration cannot be revoked here.")
  @ApiResponse(responseCode = "204", description = "Revoked")
  @Problems({ProblemType.UNKNOWN_KEY, ProblemType.INVALID_PARAMETER})
  @DeleteMapping("/v1/admin/keys/{id}")
  ResponseEntity<Void> revoke(@PathVariable String id) {
    if (keys.isConfigured(id)) {
      throw ProblemException.invalidParameter(
          "id", "Key '" + id + "' is set by configuration; change the configuration to rotate it.");
    }
    if (!keys.revoke(id)) {
      throw new ProblemException(
              ProblemType.UNKNOWN_KEY, "There is no live key '" + abbreviate(id) + "'.")
          .with("keyId", abbreviate(id));
    }
    return ResponseEntity.noContent().build();
  }

  @Operation(
      operationId = "listTenants",
      summary = "List tenants",
      description =
          "Every tenant with stored tickets, a taxonomy or a live key. "
              + "A deleted tenant is gone from the list (its keys were revoked), unless a key set by configuration still "
              + "names it.")
  @GetMapping(path = "/v1/admin/tenants", produces = MediaType.APPLICATION_JSON_VALUE)
  Tenants tenants() {
    List<ApiKey> all = keys.list(null);
    TreeSet<String> names = new TreeSet<>(tenants.list());
    // Revoked keys are kept for the audit trail; they do not keep a deleted tenant listed.
    all.stream()
        .filter(ApiKey::live)
        .map(ApiKey::tenant)
        .filter(t -> t != null)
        .forEach(names::add);
    Set<String> withTaxonomy =
        names.stream().filter(taxonomies::isExplicit).collect(Collectors.toSet());
    return new Tenants(
        names.stream()
            .map(
                t ->
                    new TenantView(
                        t,
                        tenants.ticketCount(t),
                        (int) all.stream().filter(k -> t.equals(k.tenant()) && k.live()).count(),
                        withTaxonomy.contains(t)))
            .toList());
  }

  @Operation(
      operationId = "deleteTenant",
      summary = "Delete a tenant",
      description = "Erases the tenant's tickets, vectors and models, and revokes its keys. 204.")
  @ApiResponse(responseCode = "204", description = "Deleted")
  @DeleteMapping("/v1/admin/tenants/{tenant}")
  ResponseEntity<Void> deleteTenant(@PathVariable String tenant) {
    tenants.delete(tenant);
    keys.list(tenant).stream()
        .filter(ApiKey::live)
        .filter(k -> !keys.isConfigured(k.id()))
        .forEach(k -> keys.revoke(k.id()));
    return ResponseEntity.noContent().build();
  }

  private ResponseEntity<NewKey> created(ApiKeys.Issued issued) {
    ApiKey k = issued.key();
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(new NewKey(issued.secret(), k.id(), k.kind(), k.tenant(), k.name(), k.createdAt()));
  }

  private KeyView view(ApiKey k) {
    return new KeyView(
        k.id(),
        k.kind(),
        k.tenant(),
        k.name(),
        k.createdAt(),
        k.revokedAt(),
        keys.isConfigured(k.id()));
  }

  private static String name(KeyRequest request) {
    if (request == null || request.name() == null) {
      return null;
    }
    if (request.name().length() > MAX_NAME_CHARS) {
      throw ProblemException.invalidParameter(
          "name", "A key name has at most " + MAX_NAME_CHARS + " characters.");
    }
    return request.name();
  }

  private static String abbreviate(String s) {
    return s.length() <= MAX_ECHOED_ID ? s : s.substring(0, MAX_ECHOED_ID) + "...";
  }
}
