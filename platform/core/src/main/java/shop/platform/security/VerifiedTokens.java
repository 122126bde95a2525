package shop.platform.security;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.util.function.LongSupplier;

import javax.crypto.SecretKey;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Bearer tokens verified once, not on every request. smallrye-jwt checks the RS256 signature and parses the claims of
 * every request again (about 0.2 ms of CPU, three times the rest of a cart read served from Redis: bench/README.md),
 * while a client sends the same token for minutes. A token that passed is kept, keyed by its exact text, for at most
 * {@code shop.security.verified-tokens.ttl} (60 s) and never once it has expired (from its {@code exp} plus the clock
 * skew smallrye-jwt allows, as jose4j counts it); at most {@code shop.security.verified-tokens.max} tokens (10,000). A token that fails is not
 * kept: it is verified again each time. What runs per request on a kept token is unchanged: {@link TokenChecks}, roles
 * and the callers' scopes. The verification itself is smallrye-jwt's ({@link DefaultJWTParser}), with its
 * configuration.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens implements JWTParser {
  private final JWTParser verifier;
  private final Cache<String, JsonWebToken> verified;
  private final long skewSeconds;
  private final LongSupplier nowSeconds;

  @Inject
  public VerifiedTokens(DefaultJWTParser verifier,
      @ConfigProperty(name = "shop.security.verified-tokens.ttl", defaultValue = "60s") Duration ttl,
      @ConfigProperty(name = "shop.security.verified-tokens.max", defaultValue = "10000") long max,
      @ConfigProperty(name = "mp.jwt.verify.clock.skew", defaultValue = "60") long skewSeconds) {
    this(verifier, ttl, max, skewSeconds, () -> System.currentTimeMillis() / 1000);
  }

  VerifiedTokens(JWTParser verifier, Duration ttl, long max, long skewSeconds, LongSupplier nowSeconds) {
    this.verifier = verifier;
    this.verified = Caffeine.newBuilder().maximumSize(max).expireAfterWrite(ttl).build();
    this.skewSeconds = skewSeconds;
    this.nowSeconds = nowSeconds;
  }

  @Override
  public JsonWebToken parse(String token) throws ParseException {
    JsonWebToken kept = verified.getIfPresent(token);
    if (kept != null) {
      if (!expired(kept)) {
        return kept;
      }
      verified.invalidate(token);
    }
    JsonWebToken jwt = verifier.parse(token); // throws when the token does not verify
    if (!expired(jwt)) {
      verified.put(token, jwt);
    }
    return jwt;
  }

  /**
   * At or past its {@code exp} plus the skew smallrye-jwt allows, so verifying it again would fail (jose4j refuses a
   * token when {@code now - skew >= exp}).
   */
  private boolean expired(JsonWebToken jwt) {
    return nowSeconds.getAsLong() >= jwt.getExpirationTime() + skewSeconds;
  }

  @Override
  public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
    return verifier.parse(token, context);
  }

  @Override
  public JsonWebToken verify(String token, PublicKey key) throws ParseException {
    return verifier.verify(token, key);
  }

  @Override
  public JsonWebToken verify(String token, SecretKey key) throws ParseException {
    return verifier.verify(token, key);
  }

  @Override
  public JsonWebToken verify(String token, String secret) throws ParseException {
    return verifier.verify(token, secret);
  }

  @Override
  public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
    return verifier.decrypt(token, key);
  }

  @Override
  public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
    return verifier.decrypt(token, key);
  }

  @Override
  public JsonWebToken decrypt(String token, String secret) throws ParseException {
    return verifier.decrypt(token, secret);
  }

  @Override
  public JsonWebToken parseOnly(String token) throws ParseException {
    return verifier.parseOnly(token);
  }
}
