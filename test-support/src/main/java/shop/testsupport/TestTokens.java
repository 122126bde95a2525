package shop.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real RS256 bearer tokens for tests, signed with the test key pair of {@code test-keys/} (never a production key), as
 * an identity provider would issue them: {@code iss}, {@code aud}, {@code sub}, {@code groups} (one role),
 * {@code locations} for staff and managers, {@code iat}, {@code exp}. Signed by hand with the JDK, so the e2e module
 * and any plain JUnit test can mint them; plus the bad tokens every protected endpoint must refuse. Good tokens are
 * cached (valid for six hours, longer than any test JVM lives; signing costs about a millisecond).
 */
public final class TestTokens {
  public static final String ISSUER = "https://auth.shop.test";
  public static final String AUDIENCE = "shop";
  /** The services' %test profile and the e2e stack verify with this (a classpath resource of test-support). */
  public static final String PUBLIC_KEY_RESOURCE = "test-keys/jwt-public.pem";
  /** The cart-token key of the %test profile and the e2e stack. */
  public static final String CART_TOKEN_KEY = "test-cart-token-key-0123456789abcdef-not-for-production";

  private static final PrivateKey KEY = readPrivateKey("test-keys/jwt-private.pem");
  private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

  private TestTokens() {
  }

  public static String customer(String subject) {
    return token(subject, "customer");
  }

  public static String staff(String... locations) {
    return token("staff-" + String.join("+", locations), "staff", locations);
  }

  public static String manager(String... locations) {
    return token("manager-" + String.join("+", locations), "manager", locations);
  }

  public static String admin() {
    return token("admin-1", "admin");
  }

  /** A valid token for {@code subject} with {@code role}, scoped to {@code locations}. */
  public static String token(String subject, String role, String... locations) {
    String key = subject + "|" + role + "|" + String.join(",", locations);
    return CACHE.computeIfAbsent(key, k -> sign(claims(subject, role, ISSUER, AUDIENCE, 6 * 3600, locations), KEY));
  }

  /**
   * The environment a packaged service needs to accept these tokens and the test cart tokens (the e2e stack): the
   * public key written to a file, issuer, audience, cart-token key; metrics open, as the e2e tests read them.
   */
  public static Map<String, String> serviceEnvironment() {
    try (InputStream in = TestTokens.class.getClassLoader().getResourceAsStream(PUBLIC_KEY_RESOURCE)) {
      java.nio.file.Path file = java.nio.file.Files.createTempFile("jwt-public", ".pem");
      file.toFile().deleteOnExit();
      java.nio.file.Files.write(file, in.readAllBytes());
      return Map.of("JWT_PUBLIC_KEY_LOCATION", file.toString(), "JWT_ISSUER", ISSUER, "JWT_AUDIENCE", AUDIENCE,
          "CART_TOKEN_KEYS", CART_TOKEN_KEY, "OPS_ACCESS", "permit");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  // ------------------------------------------------------------------ tokens every protected endpoint refuses

  /** Expired two minutes ago (beyond the 30 s clock skew). */
  public static String expired() {
    return sign(claims("cust-1", "admin", ISSUER, AUDIENCE, -120, "loc"), KEY);
  }

  public static String wrongIssuer() {
    return sign(claims("cust-1", "admin", "https://evil.example", AUDIENCE, 3600), KEY);
  }

  public static String wrongAudience() {
    return sign(claims("cust-1", "admin", ISSUER, "another-api", 3600), KEY);
  }

  /** Unsigned ({@code alg: none}), with admin claims. */
  public static String algNone() {
    return b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(claims("cust-1", "admin", ISSUER, AUDIENCE, 3600))
        + ".";
  }

  /** Signed with the right key but naming no {@code sub} (only a {@code upn}, which must not stand in for it). */
  public static String noSubject() {
    return sign(claims("admin-1", "admin", ISSUER, AUDIENCE, 3600).replaceFirst("\"sub\":\"admin-1\",", ""), KEY);
  }

  /** Signed with the right key, with a {@code sub} holding a NUL character (PostgreSQL refuses such text). */
  public static String controlCharacterSubject() {
    return sign(claims("admin-1", "admin", ISSUER, AUDIENCE, 3600).replace("\"sub\":\"admin-1\"",
        "\"sub\":\"a\\u0000b\""), KEY);
  }

  /** Signed with the right key, with a 3,000-character {@code sub}. */
  public static String longSubject() {
    return sign(claims("s".repeat(3000), "admin", ISSUER, AUDIENCE, 3600), KEY);
  }

  /** Signed with the right key, issued ten years from now (exp − iat an hour, so only iat is wrong). */
  public static String issuedInTheFuture() {
    long future = Instant.now().getEpochSecond() + 10L * 365 * 24 * 3600;
    return sign(claims("admin-1", "admin", ISSUER, AUDIENCE, 3600).replaceFirst("\"iat\":\\d+", "\"iat\":" + future)
        .replaceFirst("\"exp\":\\d+", "\"exp\":" + (future + 3600)), KEY);
  }

  /** Admin claims signed with another RSA key. */
  public static String wrongKey() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return sign(claims("cust-1", "admin", ISSUER, AUDIENCE, 3600), g.generateKeyPair().getPrivate());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  // ------------------------------------------------------------------ signing

  static String claims(String subject, String role, String issuer, String audience, long expiresInSeconds,
      String... locations) {
    long now = Instant.now().getEpochSecond();
    List<String> quoted = new ArrayList<>();
    for (String l : locations) {
      quoted.add(quote(l));
    }
    long iat = Math.min(now, now + expiresInSeconds - 60);
    return "{\"iss\":" + quote(issuer) + ",\"aud\":" + quote(audience) + ",\"sub\":" + quote(subject)
        + ",\"upn\":" + quote(subject) + ",\"groups\":[" + quote(role) + "],\"locations\":[" + String.join(",", quoted)
        + "],\"iat\":" + iat + ",\"exp\":" + (now + expiresInSeconds) + ",\"jti\":" + quote(java.util.UUID.randomUUID()
            .toString())
        + "}";
  }

  static String sign(String claims, PrivateKey key) {
    String signingInput = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + b64(claims);
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(key);
      rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static PrivateKey readPrivateKey(String resource) {
    try (InputStream in = TestTokens.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing " + resource);
      }
      String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
          .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot read " + resource, e);
    }
  }
}
