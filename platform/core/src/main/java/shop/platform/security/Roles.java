package shop.platform.security;

/**
 * The roles a bearer token carries in its {@code groups} claim, and the claim that scopes staff and managers to their
 * locations. Admins act everywhere; customers own carts and orders; staff sell and take returns at their locations;
 * managers also count and receive stock there.
 */
public final class Roles {
  public static final String CUSTOMER = "customer";
  public static final String STAFF = "staff";
  public static final String MANAGER = "manager";
  public static final String ADMIN = "admin";

  /** The claim listing the location ids a staff member or manager works at (a JSON array of strings). */
  public static final String LOCATIONS_CLAIM = "locations";

  private Roles() {
  }
}
