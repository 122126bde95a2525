package shop.platform.security;

import java.time.Instant;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;

/**
 * What a bearer token must also satisfy, beyond what smallrye-jwt checks (signature, issuer, audience, expiry), for
 * every endpoint: it names its subject in {@code sub} (never a user-editable name claim instead), in 1 to
 * {@value #MAX_SUBJECT} visible ASCII characters (the subject owns carts and scopes idempotency keys), and it is not
 * issued in the future (beyond the clock skew): {@code exp − iat} bounds a token's life only if {@code iat} is true.
 * Otherwise the request is unauthenticated (401).
 */
@ApplicationScoped
public class TokenChecks implements SecurityIdentityAugmentor {
  static final int MAX_SUBJECT = 128;
  private static final Pattern SUBJECT = Pattern.compile("[\\x21-\\x7E]{1," + MAX_SUBJECT + "}");
  /** The clock skew smallrye-jwt allows on {@code exp}, allowed on {@code iat} too. */
  private final long skewSeconds;

  public TokenChecks(@ConfigProperty(name = "mp.jwt.verify.clock.skew", defaultValue = "60") long skewSeconds) {
    this.skewSeconds = skewSeconds;
  }

  @Override
  public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
    if (identity.isAnonymous()) {
      return Uni.createFrom().item(identity);
    }
    String refusal = refusal(identity.getPrincipal() instanceof JsonWebToken jwt ? jwt : null,
        Instant.now().getEpochSecond(), skewSeconds);
    return refusal == null
        ? Uni.createFrom().item(identity)
        : Uni.createFrom().failure(new AuthenticationFailedException(refusal));
  }

  /** Why the token is refused, or null. */
  static String refusal(JsonWebToken jwt, long nowSeconds, long skewSeconds) {
    if (jwt == null) {
      return "not a bearer token";
    }
    if (jwt.getSubject() == null || !SUBJECT.matcher(jwt.getSubject()).matches()) {
      return "the token's sub is missing or not 1 to " + MAX_SUBJECT + " visible ASCII characters";
    }
    if (jwt.getIssuedAtTime() > nowSeconds + skewSeconds) {
      return "the token is issued in the future";
    }
    return null;
  }
}
