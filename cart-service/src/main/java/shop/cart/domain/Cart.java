package shop.cart.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import shop.events.CartEvent;
import shop.events.CartLineData;
import shop.events.CartState;
import shop.events.CartStatus;
import shop.events.MergeAdjustment;
import shop.events.Money;
import shop.events.StockShortfall;
import shop.platform.Refusal;

/**
 * The cart aggregate, event-sourced. Command methods check the rules and return the events they cause (an empty list
 * when the command changes nothing); they never change the cart. State changes only in {@link #apply}, one event at a
 * time, each raising {@code version} by one, so replaying a cart's history always rebuilds the same cart.
 */
public final class Cart {
  private final String id;
  private final String ownerId;
  private final String locationId;
  private final String currency;
  private final CartStatus status;
  private final Map<String, CartLineData> lines;
  private final List<StockShortfall> warnings;
  private final String orderId;
  private final long version;

  private Cart(String id, String ownerId, String locationId, String currency, CartState state, long version) {
    this.id = id;
    this.ownerId = ownerId;
    this.locationId = locationId;
    this.currency = currency;
    this.status = state.status();
    this.lines = Collections.unmodifiableMap(state.lines());
    this.warnings = state.warnings();
    this.orderId = state.orderId();
    this.version = version;
  }

  // ------------------------------------------------------------------ creation and replay

  /** The events that create a cart. */
  public static List<CartEvent> create(String id, String ownerId, String locationId, String currency) {
    return List.of(new CartEvent.Created(id, ownerId, locationId, currency));
  }

  /** Rebuilds a cart from its whole history. */
  public static Cart replay(List<? extends CartEvent> history) {
    return restore(null, history);
  }

  /** Rebuilds a cart from a snapshot (or null) and the events after it. */
  public static Cart restore(CartSnapshot snapshot, List<? extends CartEvent> later) {
    Cart cart = snapshot == null ? null : snapshot.toCart();
    for (CartEvent e : later) {
      cart = cart == null ? created((CartEvent.Created) e) : cart.apply(e);
    }
    if (cart == null) {
      throw new IllegalArgumentException("no history");
    }
    return cart;
  }

  static Cart of(String id, String ownerId, String locationId, String currency, CartStatus status,
      List<CartLineData> lines, List<StockShortfall> warnings, String orderId, long version) {
    Map<String, CartLineData> byProduct = new LinkedHashMap<>();
    lines.forEach(l -> byProduct.put(l.productId(), l));
    return new Cart(id, ownerId, locationId, currency, new CartState(status, byProduct, warnings, orderId), version);
  }

  private static Cart created(CartEvent.Created e) {
    return new Cart(e.cartId(), e.ownerId(), e.locationId(), e.currency(), CartState.created(), 1);
  }

  // ------------------------------------------------------------------ commands

  /** Adds to a line (creating it with the catalogue's current name and price). */
  public List<CartEvent> addItem(CatalogueProduct product, int quantity, CartLimits limits) {
    requireOpen();
    requireQuantity(quantity, 1, limits);
    CartLineData line = lines.get(product.productId());
    if (line == null) {
      requireSellable(product);
      if (lines.size() >= limits.maxLines()) {
        throw new Refusal(ErrorCode.LIMIT_EXCEEDED,
            "a cart holds at most " + limits.maxLines() + " lines");
      }
      return List.of(new CartEvent.ItemAdded(id, quantity,
          new CartLineData(product.productId(), product.name(), product.price(), quantity)));
    }
    int total = line.quantity() + quantity;
    if (total > limits.maxQuantityPerLine()) {
      throw new Refusal(ErrorCode.LIMIT_EXCEEDED, "at most " + limits.maxQuantityPerLine()
          + " of a product per cart; the line has " + line.quantity());
    }
    return List.of(new CartEvent.ItemAdded(id, quantity,
        new CartLineData(line.productId(), line.name(), line.unitPrice(), total)));
  }

  /** Sets a line's quantity; 0 removes it. Setting the quantity it already has changes nothing. */
  public List<CartEvent> changeQuantity(String productId, int quantity, CartLimits limits) {
    requireOpen();
    requireQuantity(quantity, 0, limits);
    CartLineData line = lines.get(productId);
    if (line == null) {
      if (quantity == 0) {
        return List.of();
      }
      throw new Refusal(ErrorCode.NOT_FOUND, "no line for product " + productId + " in this cart");
    }
    if (quantity == 0) {
      return List.of(new CartEvent.ItemRemoved(id, productId));
    }
    return quantity == line.quantity()
        ? List.of()
        : List.of(new CartEvent.ItemQuantityChanged(id, productId, quantity));
  }

  /** Removes a line; removing a line that is not there changes nothing (two tabs may both remove it). */
  public List<CartEvent> removeItem(String productId) {
    requireOpen();
    return lines.containsKey(productId) ? List.of(new CartEvent.ItemRemoved(id, productId)) : List.of();
  }

  public List<CartEvent> clear() {
    requireOpen();
    return lines.isEmpty() ? List.of() : List.of(new CartEvent.Cleared(id));
  }

  /** The events of a merge: those of this (target) cart and those of the source cart. */
  public record MergeResult(List<CartEvent> target, List<CartEvent> source, List<MergeAdjustment> adjustments) {
  }

  /**
   * Merges a guest (or the same owner's) cart into this one: quantities are summed and capped at the per-line limit,
   * lines of products no longer sold are dropped, lines beyond the line limit are dropped; each adjustment is listed.
   * New lines keep the price and name the source snapshotted. The source cart is closed as merged.
   *
   * @param catalogue current product data by id (null when unknown)
   */
  public MergeResult mergeFrom(Cart source, Function<String, CatalogueProduct> catalogue, CartLimits limits) {
    if (source.id.equals(id)) {
      throw new Refusal(ErrorCode.MERGE_REFUSED, "a cart cannot be merged into itself");
    }
    if (source.ownerId != null && !source.ownerId.equals(ownerId)) {
      throw new Refusal(ErrorCode.MERGE_REFUSED, "the source cart belongs to another owner");
    }
    requireOpen();
    source.requireOpen();
    if (!source.currency.equals(currency)) {
      throw new Refusal(ErrorCode.CURRENCY_MISMATCH,
          "cannot merge a " + source.currency + " cart into a " + currency + " cart");
    }
    List<CartLineData> merged = new ArrayList<>();
    List<MergeAdjustment> adjustments = new ArrayList<>();
    int lineCount = lines.size();
    for (CartLineData from : source.lines.values()) {
      CatalogueProduct product = catalogue.apply(from.productId());
      CartLineData mine = lines.get(from.productId());
      if (product == null || !product.active()) {
        adjustments.add(new MergeAdjustment(from.productId(), MergeAdjustment.PRODUCT_UNAVAILABLE, from.quantity(), 0));
        continue;
      }
      if (mine == null && lineCount >= limits.maxLines()) {
        adjustments.add(new MergeAdjustment(from.productId(), MergeAdjustment.CART_FULL, from.quantity(), 0));
        continue;
      }
      int requested = from.quantity() + (mine == null ? 0 : mine.quantity());
      int applied = Math.min(requested, limits.maxQuantityPerLine());
      if (applied < requested) {
        adjustments.add(new MergeAdjustment(from.productId(), MergeAdjustment.CAPPED, requested, applied));
      }
      if (mine == null) {
        lineCount++;
        merged.add(new CartLineData(from.productId(), from.name(), from.unitPrice(), applied));
      } else if (applied != mine.quantity()) {
        merged.add(new CartLineData(mine.productId(), mine.name(), mine.unitPrice(), applied));
      }
    }
    return new MergeResult(List.of(new CartEvent.Merged(id, source.id, merged, adjustments)),
        List.of(new CartEvent.MergedInto(source.id, id)), adjustments);
  }

  /** Closes an open cart left without activity since {@code lastActivityAt}. */
  public List<CartEvent> abandon(Instant lastActivityAt) {
    return status == CartStatus.OPEN ? List.of(new CartEvent.Abandoned(id, lastActivityAt)) : List.of();
  }

  /**
   * Freezes the cart while order {@code orderId} is placed (the caller derives it from this cart's id and version:
   * {@code Order.idFor}).
   */
  public List<CartEvent> startCheckout(String orderId) {
    requireOpen();
    if (lines.isEmpty()) {
      throw new Refusal(ErrorCode.CART_EMPTY, "an empty cart cannot be checked out");
    }
    return List.of(new CartEvent.CheckoutStarted(id, orderId));
  }

  /** The order was confirmed: the cart is closed (idempotent; an order the cart is not checking out as changes nothing). */
  public List<CartEvent> completeCheckout(String orderId) {
    if (status != CartStatus.CHECKING_OUT || !orderId.equals(this.orderId)) {
      return List.of();
    }
    return List.of(new CartEvent.CheckedOut(id, orderId));
  }

  /**
   * The order failed: the cart is open again, unchanged, with a warning per short line (idempotent; an order the cart
   * is no longer checking out as changes nothing).
   */
  public List<CartEvent> reopen(String orderId, String reason, List<StockShortfall> shortfalls) {
    if (status != CartStatus.CHECKING_OUT || !orderId.equals(this.orderId)) {
      return List.of();
    }
    return List.of(new CartEvent.Reopened(id, orderId, reason, shortfalls));
  }

  // ------------------------------------------------------------------ state changes

  /** The cart after one more event. */
  public Cart apply(CartEvent event) {
    if (!event.cartId().equals(id)) {
      throw new IllegalArgumentException("event of cart " + event.cartId() + " applied to " + id);
    }
    if (event instanceof CartEvent.ItemQuantityChanged e && !lines.containsKey(e.productId())) {
      throw new IllegalStateException("cart " + id + " history changes the quantity of a line it does not hold");
    }
    CartState next = new CartState(status, lines, warnings, orderId).apply(event);
    return new Cart(id, ownerId, locationId, currency, next, version + 1);
  }

  // ------------------------------------------------------------------ reads

  public String id() {
    return id;
  }

  public String ownerId() {
    return ownerId;
  }

  public String locationId() {
    return locationId;
  }

  public String currency() {
    return currency;
  }

  public CartStatus status() {
    return status;
  }

  public long version() {
    return version;
  }

  /** The lines its last failed checkout could not reserve (requested vs available), until they change. */
  public List<StockShortfall> warnings() {
    return warnings;
  }

  /** The order of its latest checkout, or null. */
  public String orderId() {
    return orderId;
  }

  /** Lines in the order they were first added. */
  public List<CartLineData> lines() {
    return List.copyOf(lines.values());
  }

  public int itemCount() {
    return lines.values().stream().mapToInt(CartLineData::quantity).sum();
  }

  public Money total() {
    Money total = Money.zero(currency);
    for (CartLineData l : lines.values()) {
      total = total.plus(l.unitPrice().times(l.quantity()));
    }
    return total;
  }

  public CartSnapshot snapshot() {
    return new CartSnapshot(id, ownerId, locationId, currency, status, lines(), warnings, orderId, version);
  }

  // ------------------------------------------------------------------ rules

  private void requireOpen() {
    if (status != CartStatus.OPEN) {
      throw new Refusal(ErrorCode.CART_CLOSED, "cart " + id + " is " + status.wire());
    }
  }

  private void requireSellable(CatalogueProduct product) {
    if (!product.active()) {
      throw new Refusal(ErrorCode.PRODUCT_UNAVAILABLE, "product " + product.productId()
          + " is no longer sold");
    }
    if (!product.price().currency().equals(currency)) {
      throw new Refusal(ErrorCode.CURRENCY_MISMATCH, "product " + product.productId() + " is priced in "
          + product.price().currency() + ", the cart in " + currency);
    }
  }

  private static void requireQuantity(int quantity, int min, CartLimits limits) {
    if (quantity < min || quantity > limits.maxQuantityPerLine()) {
      throw new Refusal(ErrorCode.LIMIT_EXCEEDED,
          "quantity must be between " + min + " and " + limits.maxQuantityPerLine());
    }
  }
}
