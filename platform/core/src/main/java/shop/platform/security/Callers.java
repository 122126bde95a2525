package shop.platform.security;

import java.util.HashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * The request's {@link Caller}, from its bearer token (verified by smallrye-jwt: signature, issuer, audience, expiry).
 * Authentication is lazy ({@code quarkus.http.auth.proactive=false}): a public endpoint never looks at the token, so a
 * stale token does not break catalogue browsing. The identity is read without blocking the event loop; a token that
 * fails verification answers 401 when an endpoint asks for the caller.
 */
@ApplicationScoped
public class Callers {
  private final CurrentIdentityAssociation identities;
  /**
   * The locations of a token, read once per verified token ({@link VerifiedTokens} hands out the same object while it
   * keeps the token): smallrye-jwt answers a non-standard claim by throwing and catching an exception with its stack
   * trace, 1 % of stock-service's CPU when read on every request (bench/README.md). Keyed by the token object's
   * identity, dropped with it.
   */
  private final Cache<JsonWebToken, Set<String>> locations = Caffeine.newBuilder().weakKeys().maximumSize(10_000)
      .build();

  public Callers(CurrentIdentityAssociation identities) {
    this.identities = identities;
  }

  /** The caller, anonymous when the request has no bearer token. */
  public Uni<Caller> current() {
    return identities.getDeferredIdentity().map(this::of);
  }

  /** The credentials this request holds for carts: its caller and the {@code Cart-Token} it sent (or null). */
  public Uni<CartAccess> cartAccess(String cartToken) {
    return current().map(caller -> new CartAccess(caller, cartToken));
  }

  /**
   * The caller if it may act at {@code locationId}: an admin, or one of {@code roles} with the location in its token.
   * Otherwise 401 (no token) or 403 (a token without that right).
   */
  public Uni<Caller> at(String locationId, Set<String> roles) {
    return current().map(caller -> {
      if (caller.isAnonymous()) {
        throw new UnauthorizedException();
      }
      if (!caller.mayActAt(locationId, roles)) {
        throw new ForbiddenException("not allowed at location " + locationId);
      }
      return caller;
    });
  }

  /** The caller of a token that smallrye-jwt and {@link TokenChecks} verified. */
  private Caller of(SecurityIdentity identity) {
    if (identity.isAnonymous()) {
      return Caller.ANONYMOUS;
    }
    JsonWebToken jwt = (JsonWebToken) identity.getPrincipal();
    return new Caller(jwt.getSubject(), identity.getRoles(), locations.get(jwt, Callers::locationsOf));
  }

  private static Set<String> locationsOf(JsonWebToken jwt) {
    Set<String> locations = new HashSet<>();
    if (jwt.getClaim(Roles.LOCATIONS_CLAIM) instanceof JsonArray array) {
      array.stream().filter(JsonString.class::isInstance).forEach(v -> locations.add(((JsonString) v).getString()));
    }
    return Set.copyOf(locations);
  }
}
