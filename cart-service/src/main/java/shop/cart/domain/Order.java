package shop.cart.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import shop.events.CartLineData;
import shop.events.OrderEvent;
import shop.events.OrderLine;
import shop.events.OrderStatus;
import shop.events.StockShortfall;
import shop.platform.Refusal;

/**
 * The order aggregate, event-sourced like carts, and the process manager of a checkout (decision 0006): placed from a
 * cart, it waits for stock-service's reservation and ends confirmed then fulfilled or cancelled, or rejected. Command
 * methods return the events they cause (empty when nothing changes: every reaction to a message is idempotent);
 * state changes only in {@link #apply}.
 */
public final class Order {
  public static final String INSUFFICIENT_STOCK = "insufficient-stock";
  /** No answer from stock-service before the order's deadline. */
  public static final String EXPIRED = "expired";
  /** Confirmed, but the reservation had expired meanwhile and its units were gone. */
  public static final String RESERVATION_EXPIRED = "reservation-expired";
  public static final String BY_CUSTOMER = "customer";
  /** Confirmed, but nobody collected it in time. */
  public static final String NOT_COLLECTED = "not-collected";

  /** One status the order reached, when, and why (for rejections and cancellations). */
  public record StatusChange(OrderStatus status, Instant at, String reason) {
  }

  private final OrderEvent.Placed placed;
  private final OrderStatus status;
  private final List<StockShortfall> shortfalls;
  private final List<StatusChange> history;
  private final long version;

  private Order(OrderEvent.Placed placed, OrderStatus status, List<StockShortfall> shortfalls,
      List<StatusChange> history, long version) {
    this.placed = placed;
    this.status = status;
    this.shortfalls = List.copyOf(shortfalls);
    this.history = List.copyOf(history);
    this.version = version;
  }

  // ------------------------------------------------------------------ placing and replay

  /**
   * The id of the order a cart at {@code cartVersion} becomes: a name-based UUID (version 5) of
   * {@code order:<cartId>:<cartVersion>}, so a retried checkout of the same cart version finds the same order.
   */
  public static String idFor(String cartId, long cartVersion) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-1")
          .digest(("order:" + cartId + ":" + cartVersion).getBytes(StandardCharsets.UTF_8));
      hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
      hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
      long msb = 0;
      long lsb = 0;
      for (int i = 0; i < 8; i++) {
        msb = (msb << 8) | (hash[i] & 0xff);
        lsb = (lsb << 8) | (hash[i + 8] & 0xff);
      }
      return new UUID(msb, lsb).toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The event that places an order for an open cart (the cart checks it may be checked out). */
  public static OrderEvent.Placed place(Cart cart, Instant now, Duration reserveWithin) {
    List<OrderLine> lines = new ArrayList<>();
    for (CartLineData l : cart.lines()) {
      lines.add(new OrderLine(l.productId(), l.name(), l.quantity(), l.unitPrice(), l.unitPrice().times(l.quantity())));
    }
    return new OrderEvent.Placed(idFor(cart.id(), cart.version()), cart.id(), cart.version(), cart.ownerId(),
        cart.locationId(), lines, cart.total(), now, now.plus(reserveWithin));
  }

  /** Rebuilds an order from its whole history. */
  public static Order replay(List<? extends OrderEvent> history) {
    if (history.isEmpty() || !(history.get(0) instanceof OrderEvent.Placed first)) {
      throw new IllegalArgumentException("an order's history starts with order.placed.v1");
    }
    Order order = new Order(first, OrderStatus.PLACED, List.of(),
        List.of(new StatusChange(OrderStatus.PLACED, first.placedAt(), null)), 1);
    for (OrderEvent e : history.subList(1, history.size())) {
      order = order.apply(e);
    }
    return order;
  }

  // ------------------------------------------------------------------ reactions to stock-service

  /** Every line is reserved ({@code reservation.confirmed.v1}): a placed order is confirmed. */
  public List<OrderEvent> confirm(Instant now) {
    return status == OrderStatus.PLACED
        ? List.of(new OrderEvent.Confirmed(id(), locationId(), now))
        : List.of();
  }

  /**
   * Stock could not be reserved ({@code reservation.rejected.v1}, or nothing heard by the deadline: {@link #EXPIRED}):
   * a placed order is rejected.
   */
  public List<OrderEvent> reject(String reason, List<StockShortfall> shortfalls, Instant now) {
    return status == OrderStatus.PLACED
        ? List.of(new OrderEvent.Rejected(id(), locationId(), reason, shortfalls, now))
        : List.of();
  }

  /** A confirmed order whose reservation expired and could not be made again: it ends cancelled. */
  public List<OrderEvent> reservationLost(Instant now) {
    return status == OrderStatus.CONFIRMED
        ? List.of(new OrderEvent.Cancelled(id(), locationId(), RESERVATION_EXPIRED, now))
        : List.of();
  }

  /** Whether a placed order has waited past its deadline and {@code grace} for stock-service's answer. */
  public boolean overdue(Instant now, Duration grace) {
    return status == OrderStatus.PLACED && now.isAfter(placed.reserveBy().plus(grace));
  }

  /** The time by which a confirmed order must be fulfilled, {@code within} after its confirmation; null otherwise. */
  public Instant collectBy(Duration within) {
    return status == OrderStatus.CONFIRMED ? history.get(history.size() - 1).at().plus(within) : null;
  }

  /** A confirmed order not fulfilled {@code within} after its confirmation ends cancelled; its stock is released. */
  public List<OrderEvent> cancelUncollected(Instant now, Duration within) {
    Instant by = collectBy(within);
    return by != null && now.isAfter(by)
        ? List.of(new OrderEvent.Cancelled(id(), locationId(), NOT_COLLECTED, now))
        : List.of();
  }

  // ------------------------------------------------------------------ commands

  /** The customer gives a confirmed order up; its stock is released. */
  public List<OrderEvent> cancel(Instant now) {
    requireConfirmed("cancelled");
    return List.of(new OrderEvent.Cancelled(id(), locationId(), BY_CUSTOMER, now));
  }

  /** The goods of a confirmed order are handed over or shipped; it can no longer be cancelled. */
  public List<OrderEvent> fulfil(Instant now) {
    requireConfirmed("fulfilled");
    return List.of(new OrderEvent.Fulfilled(id(), locationId(), now));
  }

  private void requireConfirmed(String what) {
    if (status == OrderStatus.PLACED) {
      throw new Refusal(ErrorCode.ORDER_PENDING, "order " + id() + " is still being placed; it can be " + what
          + " once confirmed");
    }
    if (status != OrderStatus.CONFIRMED) {
      throw new Refusal(ErrorCode.ORDER_CLOSED, "order " + id() + " is " + status.wire() + "; it cannot be " + what);
    }
  }

  // ------------------------------------------------------------------ state changes

  /** The order after one more event. */
  public Order apply(OrderEvent event) {
    if (!event.orderId().equals(id()) || event instanceof OrderEvent.Placed) {
      throw new IllegalArgumentException("cannot apply " + event.getClass().getSimpleName() + " of order "
          + event.orderId() + " to order " + id());
    }
    OrderStatus next = OrderStatus.after(event);
    List<StatusChange> h = new ArrayList<>(history);
    List<StockShortfall> short0 = shortfalls;
    if (event instanceof OrderEvent.Confirmed e) {
      h.add(new StatusChange(next, e.confirmedAt(), null));
    } else if (event instanceof OrderEvent.Rejected e) {
      h.add(new StatusChange(next, e.rejectedAt(), e.reason()));
      short0 = e.shortfalls() == null ? List.of() : e.shortfalls();
    } else if (event instanceof OrderEvent.Cancelled e) {
      h.add(new StatusChange(next, e.cancelledAt(), e.reason()));
    } else if (event instanceof OrderEvent.Fulfilled e) {
      h.add(new StatusChange(next, e.fulfilledAt(), null));
    }
    return new Order(placed, next, short0, h, version + 1);
  }

  // ------------------------------------------------------------------ reads

  public String id() {
    return placed.orderId();
  }

  public String cartId() {
    return placed.cartId();
  }

  public String ownerId() {
    return placed.ownerId();
  }

  public String locationId() {
    return placed.locationId();
  }

  /** What was placed: lines, total, times. */
  public OrderEvent.Placed placed() {
    return placed;
  }

  public OrderStatus status() {
    return status;
  }

  /** The lines stock-service could not reserve, when it rejected the order. */
  public List<StockShortfall> shortfalls() {
    return shortfalls;
  }

  public List<StatusChange> history() {
    return history;
  }

  public long version() {
    return version;
  }
}
