package dev.sift.service.system;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook authentication as the platforms do it: an HMAC of the raw body in {@code X-Hub-Signature}
 * as {@code <algorithm>=<hex>} (Zammad: sha1, Jira: sha256), or a shared token. Every comparison
 * takes the same time whatever the input, so a caller cannot learn a signature byte by byte. The
 * incident webhook signs its own deliveries the same way.
 */
public final class Signatures {

  /** The header both Zammad and Jira sign in. */
  public static final String HUB_SIGNATURE = "X-Hub-Signature";

  /** The header a generic connector's shared token comes in. */
  public static final String TOKEN_HEADER = "X-Sift-Token";

  /** An HMAC scheme: the JCA algorithm and the prefix naming it in the header. */
  public enum Scheme {
    SHA1("HmacSHA1", "sha1="),
    SHA256("HmacSHA256", "sha256=");

    private final String algorithm;
    private final String prefix;

    Scheme(String algorithm, String prefix) {
      this.algorithm = algorithm;
      this.prefix = prefix;
    }

    /** The header value a sender with this secret puts on this body. */
    public String sign(String secret, byte[] body) {
      try {
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
        return prefix + HexFormat.of().formatHex(mac.doFinal(body));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(algorithm + " is part of every JDK", e);
      }
    }

    /**
     * Whether {@code header} is this body's signature under {@code secret}; hex digits in either
     * case.
     */
    public boolean verify(String secret, byte[] body, String header) {
      if (header == null) {
        return false;
      }
      byte[] expected = sign(secret, body).getBytes(StandardCharsets.US_ASCII);
      byte[] given = header.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
      return MessageDigest.isEqual(expected, given);
    }
  }

  private Signatures() {}

  /**
   * Whether a shared token matches. Both sides are hashed first, so that the comparison also takes
   * the same time whatever the length of the token sent.
   */
  public static boolean tokenMatches(String expected, String given) {
    if (given == null) {
      return false;
    }
    return MessageDigest.isEqual(sha256(expected), sha256(given));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
