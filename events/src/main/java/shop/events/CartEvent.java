package shop.events;

/**
 * Payloads of {@code cart-events} (key = cartId; {@code ce_sequence} = the cart's version after the event). Every
 * payload names its cart.
 */
public sealed interface CartEvent permits CartEvent.Created, CartEvent.ItemAdded, CartEvent.ItemQuantityChanged,
    CartEvent.ItemRemoved, CartEvent.Cleared, CartEvent.Merged, CartEvent.MergedInto, CartEvent.Abandoned,
    CartEvent.CheckoutStarted, CartEvent.CheckedOut, CartEvent.Reopened {

  String cartId();

  /** {@code cart.created.v1}: ownerId is null for a guest cart. */
  @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
  record Created(String cartId, String ownerId, String locationId, String currency) implements CartEvent {
  }

  /** {@code cart.item-added.v1}: {@code quantity} added; {@code line} is the line after the addition. */
  @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
  record ItemAdded(String cartId, int quantity, CartLineData line) implements CartEvent {
  }

  /** {@code cart.item-quantity-changed.v1}: the line's new quantity (1..limit). */
  @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
  record ItemQuantityChanged(String cartId, String productId, int quantity) implements CartEvent {
  }

  /** {@code cart.item-removed.v1}. */
  @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
  record ItemRemoved(String cartId, String productId) implements CartEvent {
  }

  /** {@code cart.cleared.v1}: every line removed. */
  @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
  record Cleared(String cartId) implements CartEvent {
  }

  /**
   * {@code cart.merged.v1}, on the target cart: the lines of {@code sourceCartId} merged in. {@code lines} are the
   * target's affected lines after the merge; {@code adjustments} say which source lines were capped or dropped.
   */
  @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
  record Merged(String cartId, String sourceCartId, java.util.List<CartLineData> lines,
      java.util.List<MergeAdjustment> adjustments) implements CartEvent {
  }

  /** {@code cart.merged-into.v1}, on the source cart: closed, its lines now live in {@code targetCartId}. */
  @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
  record MergedInto(String cartId, String targetCartId) implements CartEvent {
  }

  /** {@code cart.abandoned.v1}: no activity since {@code lastActivityAt}; the cart is closed. */
  @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
  record Abandoned(String cartId, java.time.Instant lastActivityAt) implements CartEvent {
  }

  /** {@code cart.checkout-started.v1}: the cart is frozen while order {@code orderId} is placed. */
  @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
  record CheckoutStarted(String cartId, String orderId) implements CartEvent {
  }

  /** {@code cart.checked-out.v1}: order {@code orderId} was confirmed; the cart is closed. */
  @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
  record CheckedOut(String cartId, String orderId) implements CartEvent {
  }

  /**
   * {@code cart.reopened.v1}: the checkout of {@code orderId} failed ({@code reason}: {@code insufficient-stock} or
   * {@code expired}); the cart is open again, unchanged, with a warning per line that could not be reserved
   * ({@code shortfalls}: requested vs available; empty for another reason).
   */
  @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
  record Reopened(String cartId, String orderId, String reason, java.util.List<StockShortfall> shortfalls)
      implements
        CartEvent {
    public Reopened {
      shortfalls = shortfalls == null ? java.util.List.of() : java.util.List.copyOf(shortfalls);
    }
  }
}
