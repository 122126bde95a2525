package shop.cart.repository;

/** The cart moved on: another command appended at the version this one expected to write. */
public class VersionConflictException extends RuntimeException {
  private final String cartId;
  private final long currentVersion;

  public VersionConflictException(String cartId, long currentVersion) {
    super("cart " + cartId + " is at version " + currentVersion, null, false, false);
    this.cartId = cartId;
    this.currentVersion = currentVersion;
  }

  public String cartId() {
    return cartId;
  }

  /** The version the cart was seen at, or -1 when unknown (lost the append race). */
  public long currentVersion() {
    return currentVersion;
  }
}
