package dev.sift.service.access;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sift.security.*}: API keys.
 *
 * @param adminKey an admin key set by configuration ({@code SIFT_ADMIN_KEY}); {@code file:/path}
 *     reads it from that file (a Docker or Kubernetes secret). When neither this nor {@code
 *     adminKeyFile} is set and no admin key exists yet, one is generated at first start and printed
 *     once.
 * @param adminKeyFile a file holding the admin key ({@code SIFT_ADMIN_KEY_FILE})
 * @param keyCacheTtl how long a replica trusts a key lookup; a revoked key stops working on every
 *     replica within it
 */
@ConfigurationProperties("sift.security")
@Validated
public record AccessProperties(
    String adminKey, String adminKeyFile, @DefaultValue("5s") @NotNull Duration keyCacheTtl) {}
