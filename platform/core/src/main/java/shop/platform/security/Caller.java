package shop.platform.security;

import java.util.Set;

/**
 * Who sent a request: the bearer token's subject, roles and locations, or nobody ({@link #ANONYMOUS}). Plain Java, so
 * the rules below are tested without a server.
 */
public record Caller(String subject, Set<String> roles, Set<String> locations) {
  public static final Caller ANONYMOUS = new Caller(null, Set.of(), Set.of());

  public Caller {
    roles = Set.copyOf(roles);
    locations = Set.copyOf(locations);
  }

  public boolean isAnonymous() {
    return subject == null;
  }

  public boolean has(String role) {
    return roles.contains(role);
  }

  /** An admin anywhere, or one of {@code roles} with {@code locationId} in the token's locations. */
  public boolean mayActAt(String locationId, Set<String> allowed) {
    if (has(Roles.ADMIN)) {
      return true;
    }
    return locations.contains(locationId) && allowed.stream().anyMatch(this::has);
  }

  /**
   * The Idempotency-Key as stored: scoped to this caller, so one caller can never replay another's stored response. A
   * key is 1 to 200 visible ASCII characters, without spaces, so {@code scope + " " + key} cannot collide across
   * scopes. An anonymous caller has no scope of its own: its key is not kept ({@link CartAccess} scopes a guest to the
   * cart whose token it holds).
   *
   * @return null when {@code key} is null or the caller anonymous
   */
  public String scope(String key) {
    return key == null || isAnonymous() ? null : "sub:" + subject + " " + key;
  }
}
