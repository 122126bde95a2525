package shop.cart.domain;

/** Per-line quantity limit (1..maxQuantityPerLine) and the most lines a cart may hold. */
public record CartLimits(int maxQuantityPerLine, int maxLines) {
  public static final CartLimits DEFAULT = new CartLimits(99, 100);

  public CartLimits {
    if (maxQuantityPerLine < 1 || maxLines < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }
}
