package shop.analytics.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import shop.events.OrderEvent;
import shop.events.OrderLine;

/**
 * What order events add to the figures. An order counts once, when it is confirmed (its stock is held), at the
 * confirmation's time; a confirmed order that is cancelled later is taken back on the day of the cancellation (as a
 * return is). A placed order that is rejected, or cancelled before it was confirmed, never counted. Fulfilment changes
 * no figure (the sale it brings is not counted again: {@link SaleFacts}).
 */
public final class OrderFacts {
  public static final String SOURCE = "order";

  private OrderFacts() {
  }

  /** What the figures keep of an order between its events. */
  public record OrderFact(String orderId, String locationId, String currency, long total, List<Line> lines,
      Instant countedAt, Instant endedAt) {

    public long items() {
      return lines.stream().mapToLong(Line::quantity).sum();
    }

    OrderFact counted(Instant at) {
      return new OrderFact(orderId, locationId, currency, total, lines, at, endedAt);
    }

    OrderFact ended(Instant at) {
      return new OrderFact(orderId, locationId, currency, total, lines, countedAt, at);
    }
  }

  /** An order line as the figures need it. */
  public record Line(String productId, long quantity, long lineTotal) {
  }

  /**
   * @param before the order as known so far, or null
   */
  public static Folded<OrderFact> apply(OrderFact before, OrderEvent event) {
    Deltas deltas = new Deltas();
    if (event instanceof OrderEvent.Placed placed) {
      return new Folded<>(before != null ? before : fact(placed), deltas);
    }
    if (before == null) {
      return new Folded<>(null, deltas); // its order.placed.v1 was never seen: nothing to count
    }
    if (event instanceof OrderEvent.Confirmed confirmed) {
      if (before.countedAt() != null || before.endedAt() != null) {
        return new Folded<>(before, deltas);
      }
      Instant at = required(confirmed.confirmedAt());
      add(deltas, before, at, 1);
      return new Folded<>(before.counted(at), deltas);
    }
    if (event instanceof OrderEvent.Cancelled cancelled) {
      if (before.endedAt() != null) {
        return new Folded<>(before, deltas);
      }
      Instant at = required(cancelled.cancelledAt());
      if (before.countedAt() != null) {
        add(deltas, before, at, -1);
      }
      return new Folded<>(before.ended(at), deltas);
    }
    if (event instanceof OrderEvent.Rejected rejected) {
      return new Folded<>(before.endedAt() != null || before.countedAt() != null
          ? before
          : before.ended(required(rejected.rejectedAt())), deltas);
    }
    return new Folded<>(before, deltas); // fulfilled
  }

  private static void add(Deltas deltas, OrderFact o, Instant at, int sign) {
    deltas.add(FigureDelta.orders(o.locationId(), at, o.currency(), sign, sign * o.total(), sign * o.items()));
    for (Line line : o.lines()) {
      deltas.add(ProductDelta.of(o.locationId(), line.productId(), at, o.currency(), sign * line.quantity(),
          sign * line.lineTotal()));
    }
  }

  private static OrderFact fact(OrderEvent.Placed p) {
    Facts.require(p.orderId() != null && p.locationId() != null && p.total() != null && p.lines() != null
        && !p.lines().isEmpty(), "order.placed without id, location, total or lines");
    List<Line> lines = new ArrayList<>();
    for (OrderLine l : p.lines()) {
      Facts.require(l != null && l.productId() != null && l.quantity() > 0, "unreadable order line");
      lines.add(new Line(l.productId(), l.quantity(),
          l.lineTotal() != null ? l.lineTotal().amount() : Facts.times(l.unitPrice(), l.quantity())));
    }
    return new OrderFact(p.orderId(), p.locationId(), p.total().currency(), p.total().amount(), List.copyOf(lines),
        null, null);
  }

  private static Instant required(Instant at) {
    Facts.require(at != null, "order event without its time");
    return at;
  }
}
