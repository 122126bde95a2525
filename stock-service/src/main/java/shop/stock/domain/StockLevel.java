package shop.stock.domain;

import shop.platform.Refusal;
/**
 * Stock of one product at one location. {@code available = onHand - reserved}; invariants: {@code 0 <= reserved <=
 * onHand <= MAX_ON_HAND}. Every change returns a new level with {@code version + 1}.
 */
public record StockLevel(String locationId, String productId, long onHand, long reserved, long version) {
  /** Upper bound of a stock level, far above any shop's shelf and far below overflow. */
  public static final long MAX_ON_HAND = 1_000_000_000L;

  public StockLevel {
    if (reserved < 0 || onHand < reserved || onHand > MAX_ON_HAND) {
      throw new IllegalStateException("stock level invariant broken: onHand=" + onHand + " reserved=" + reserved);
    }
  }

  /** A level that has never been counted or received: nothing on hand. */
  public static StockLevel empty(String locationId, String productId) {
    return new StockLevel(locationId, productId, 0, 0, 0);
  }

  public long available() {
    return onHand - reserved;
  }

  /** Goods received (or returned): adds to on-hand. */
  public StockLevel receive(long quantity) {
    requirePositive(quantity);
    if (onHand + quantity > MAX_ON_HAND) {
      throw new Refusal(ErrorCode.LIMIT_EXCEEDED,
          "on-hand would exceed " + MAX_ON_HAND + " for product " + productId);
    }
    return withOnHand(onHand + quantity);
  }

  /** Inventory count: sets on-hand; cannot go below what is reserved for pending orders. */
  public StockLevel count(long counted) {
    if (counted < 0 || counted > MAX_ON_HAND) {
      throw new Refusal(ErrorCode.LIMIT_EXCEEDED, "onHand must be between 0 and " + MAX_ON_HAND);
    }
    if (counted < reserved) {
      throw new Refusal(ErrorCode.BELOW_RESERVED,
          "onHand " + counted + " is below the " + reserved + " unit(s) reserved for pending orders");
    }
    return withOnHand(counted);
  }

  /** Guarded decrement: only if {@code available >= quantity}; the caller reports a shortfall otherwise. */
  public boolean canSell(long quantity) {
    return quantity > 0 && available() >= quantity;
  }

  public StockLevel sell(long quantity) {
    requirePositive(quantity);
    if (!canSell(quantity)) {
      throw Shortfall.refusal(java.util.List.of(new Shortfall(productId, quantity, available())));
    }
    return withOnHand(onHand - quantity);
  }

  /** Holds units for an order: {@code reserved} grows, {@code available} falls, {@code onHand} stays. */
  public StockLevel reserve(long quantity) {
    requirePositive(quantity);
    if (!canSell(quantity)) {
      throw new IllegalStateException("cannot reserve " + quantity + " of " + productId + ": " + available()
          + " available");
    }
    return new StockLevel(locationId, productId, onHand, reserved + quantity, version + 1);
  }

  /** Gives held units back (an order cancelled, a reservation expired). */
  public StockLevel release(long quantity) {
    requirePositive(quantity);
    return new StockLevel(locationId, productId, onHand, reserved - quantity, version + 1);
  }

  /** Held units leave the shop (an order handed over): {@code onHand} and {@code reserved} both fall. */
  public StockLevel fulfil(long quantity) {
    requirePositive(quantity);
    return new StockLevel(locationId, productId, onHand - quantity, reserved - quantity, version + 1);
  }

  private StockLevel withOnHand(long newOnHand) {
    return new StockLevel(locationId, productId, newOnHand, reserved, version + 1);
  }

  private static void requirePositive(long quantity) {
    if (quantity <= 0) {
      throw new IllegalArgumentException("quantity must be > 0, was " + quantity);
    }
  }
}
