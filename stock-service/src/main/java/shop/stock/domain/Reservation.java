package shop.stock.domain;

import java.util.List;

/**
 * The stock held for one order, and what each later step of the order does to it (decision 0006). A reservation is
 * {@code held} until the order is confirmed ({@code committed}), then {@code fulfilled} when the goods leave; or it
 * ends {@code rejected} (nothing was held), {@code released} (order cancelled or rejected), {@code expired} (not
 * committed in time) or {@code lost} (confirmed after it expired, when its units were gone). Every reservation ends committed-then-fulfilled, released or expired; only held and committed
 * ones hold units.
 *
 * @param currency of the order's prices
 * @param lines one per product (quantities summed), with the unit price the order was placed at
 */
public record Reservation(String orderId, String locationId, Status status, String currency, List<Line> lines) {

  public enum Status {
    HELD,
    COMMITTED,
    FULFILLED,
    REJECTED,
    RELEASED,
    EXPIRED,
    /** Expired, then confirmed when its units were gone: the order was told; nothing is held, nothing more happens. */
    LOST;

    /** The name stored and shown: {@code held}, {@code committed}, ... */
    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Status ofWire(String wire) {
      return valueOf(wire.toUpperCase(java.util.Locale.ROOT));
    }

    /** Whether units are held for the order in this status. */
    public boolean holdsUnits() {
      return this == HELD || this == COMMITTED;
    }
  }

  /** Units of one product held for the order, priced as ordered. */
  public record Line(String productId, int quantity, long unitAmount) {
  }

  /** What a step of the order does to its reservation. */
  public enum Step {
    /** Nothing: the step was already taken, or cannot apply any more (a redelivery, a late message). */
    NONE,
    /** The order is confirmed: a held reservation no longer expires. */
    COMMIT,
    /** Confirmed after the reservation expired: hold the units again if they are available, else tell the order. */
    RESERVE_AGAIN,
    /** The order was cancelled or rejected: the held units are available again. */
    RELEASE,
    /** The goods leave: on-hand and reserved both fall, and the sale is recorded. */
    FULFIL,
    /** The goods leave although nothing is held (the reservation had expired): sell from what is available. */
    SELL
  }

  public Reservation {
    lines = List.copyOf(lines);
  }

  /** {@code order.confirmed.v1}. */
  public Step confirmed() {
    return switch (status) {
      case HELD -> Step.COMMIT;
      case EXPIRED -> Step.RESERVE_AGAIN;
      default -> Step.NONE;
    };
  }

  /** {@code order.cancelled.v1} or {@code order.rejected.v1}: whatever is held goes back. */
  public Step ended() {
    return status.holdsUnits() ? Step.RELEASE : Step.NONE;
  }

  /** {@code order.fulfilled.v1}. */
  public Step fulfilled() {
    return switch (status) {
      case HELD, COMMITTED -> Step.FULFIL;
      case EXPIRED, LOST -> Step.SELL;
      default -> Step.NONE;
    };
  }

  /** The sweeper: a held reservation past its expiry. */
  public Step expired() {
    return status == Status.HELD ? Step.RELEASE : Step.NONE;
  }

  /** The products, sorted: the order in which their stock rows are locked (as for a POS sale). */
  public String[] sortedProductIds() {
    return lines.stream().map(Line::productId).sorted().toArray(String[]::new);
  }

  /** The same reservation in another status. */
  public Reservation with(Status next) {
    return new Reservation(orderId, locationId, next, currency, lines);
  }

  public List<ItemQuantity> items() {
    return lines.stream().map(l -> new ItemQuantity(l.productId(), l.quantity())).toList();
  }
}
