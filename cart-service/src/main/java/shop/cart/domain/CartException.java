package shop.cart.domain;

/** A cart command refused by a rule, with the stable API error code. */
public class CartException extends RuntimeException {
  /** Stable codes of the refusals (the {@code code} of the problem+json answer). */
  public enum Code {
    CART_CLOSED("cart-closed"), LIMIT_EXCEEDED("limit-exceeded"), NOT_FOUND("not-found"), UNKNOWN_PRODUCT("unknown-product"),
    PRODUCT_UNAVAILABLE("product-unavailable"), CURRENCY_MISMATCH("currency-mismatch"),
    MERGE_REFUSED("merge-refused"), CART_EMPTY("cart-empty");

    private final String wire;

    Code(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }

  private final Code code;

  public CartException(Code code, String detail) {
    super(detail, null, false, false);
    this.code = code;
  }

  public Code code() {
    return code;
  }
}
