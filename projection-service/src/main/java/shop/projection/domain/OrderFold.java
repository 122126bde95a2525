package shop.projection.domain;

import java.util.ArrayList;
import java.util.List;

import shop.events.OrderEvent;
import shop.events.OrderLine;
import shop.events.OrderStatus;
import shop.projection.api.OrderView;

/** How each order event changes the order read model. */
public final class OrderFold {
  private OrderFold() {
  }

  /** The view of a new order. */
  public static OrderView placed(OrderEvent.Placed e) {
    return new OrderView(e.orderId(), e.cartId(), e.cartVersion(), e.ownerId(), e.locationId(),
        OrderStatus.PLACED.wire(), 1, e.lines(), e.lines().stream().mapToInt(OrderLine::quantity).sum(), e.total(),
        e.placedAt(), e.reserveBy(), null, List.of(new OrderView.StatusChange(OrderStatus.PLACED.wire(),
            e.placedAt(), null)));
  }

  /** The view after one more event (whose version is {@code view.version() + 1}). */
  public static OrderView apply(OrderView view, OrderEvent event) {
    if (event instanceof OrderEvent.Placed) {
      throw new IllegalArgumentException("order " + view.id() + " placed twice");
    }
    OrderView.StatusChange change;
    var shortfalls = view.shortfalls();
    if (event instanceof OrderEvent.Confirmed e) {
      change = new OrderView.StatusChange(OrderStatus.CONFIRMED.wire(), e.confirmedAt(), null);
    } else if (event instanceof OrderEvent.Rejected e) {
      change = new OrderView.StatusChange(OrderStatus.REJECTED.wire(), e.rejectedAt(), e.reason());
      shortfalls = e.shortfalls() == null || e.shortfalls().isEmpty() ? null : e.shortfalls();
    } else if (event instanceof OrderEvent.Cancelled e) {
      change = new OrderView.StatusChange(OrderStatus.CANCELLED.wire(), e.cancelledAt(), e.reason());
    } else {
      OrderEvent.Fulfilled e = (OrderEvent.Fulfilled) event;
      change = new OrderView.StatusChange(OrderStatus.FULFILLED.wire(), e.fulfilledAt(), null);
    }
    List<OrderView.StatusChange> history = new ArrayList<>(view.history());
    history.add(change);
    return new OrderView(view.id(), view.cartId(), view.cartVersion(), view.ownerId(), view.locationId(),
        change.status(), view.version() + 1, view.lines(), view.itemCount(), view.total(), view.placedAt(),
        view.reserveBy(), shortfalls, List.copyOf(history));
  }
}
