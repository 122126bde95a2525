package shop.platform.security;

/**
 * The credentials a request holds for carts: the caller (a bearer token's subject, or anonymous) and the cart token it
 * sent, if any. A cart with an owner is its owner's alone; a guest cart (no owner) is the cart token holder's. Anyone
 * else is told the cart does not exist (404), so an id cannot be probed.
 */
public record CartAccess(Caller caller, String cartToken) {

  /** May this request read or change the cart {@code cartId} owned by {@code ownerId} (null for a guest cart)? */
  public boolean allows(String cartId, String ownerId, CartTokens tokens) {
    if (ownerId != null) {
      return !caller.isAnonymous() && ownerId.equals(caller.subject());
    }
    return tokens.verify(cartId, cartToken);
  }

  /** The same caller holding another cart's token (a merge's source). */
  public CartAccess withToken(String token) {
    return new CartAccess(caller, token);
  }

  /**
   * The Idempotency-Key as stored: scoped to the caller, or for a guest to the cart whose valid token it holds (only
   * that token's holder can reach that scope). A guest without a valid token has no scope: its key is not kept, and
   * its command is refused anyway (a guest reaches no cart without its token).
   */
  public String scope(String key, String cartId, CartTokens tokens) {
    if (key == null) {
      return null;
    }
    if (!caller.isAnonymous()) {
      return caller.scope(key);
    }
    return tokens.verify(cartId, cartToken) ? "cart:" + cartId + " " + key : null;
  }
}
