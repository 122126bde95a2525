package shop.analytics.domain;

import java.time.Instant;

import shop.events.CartEvent;

/**
 * The cart funnel: a cart counts as created when it is created, then at most once as checked out (its order was
 * confirmed) or abandoned, whichever ends it first; a cart merged into another ends without counting. Cart events
 * carry no time of their own: {@code at} is the event's time ({@code ce_time}).
 */
public final class CartFacts {
  public static final String SOURCE = "cart";

  private CartFacts() {
  }

  /** What the figures keep of a cart between its events. */
  public record CartFact(String cartId, String locationId, String currency, Instant endedAt) {
  }

  public static Folded<CartFact> apply(CartFact before, CartEvent event, Instant at) {
    Facts.require(at != null, "cart event without a time");
    Deltas deltas = new Deltas();
    if (event instanceof CartEvent.Created created) {
      if (before != null) {
        return new Folded<>(before, deltas);
      }
      Facts.require(created.cartId() != null && created.locationId() != null && created.currency() != null,
          "cart.created without id, location or currency");
      deltas.add(FigureDelta.carts(created.locationId(), at, created.currency(), 1, 0, 0));
      return new Folded<>(new CartFact(created.cartId(), created.locationId(), created.currency(), null), deltas);
    }
    if (before == null || before.endedAt() != null) {
      return new Folded<>(before, deltas);
    }
    CartFact ended = new CartFact(before.cartId(), before.locationId(), before.currency(), at);
    if (event instanceof CartEvent.CheckedOut) {
      deltas.add(FigureDelta.carts(before.locationId(), at, before.currency(), 0, 1, 0));
      return new Folded<>(ended, deltas);
    }
    if (event instanceof CartEvent.Abandoned) {
      deltas.add(FigureDelta.carts(before.locationId(), at, before.currency(), 0, 0, 1));
      return new Folded<>(ended, deltas);
    }
    if (event instanceof CartEvent.MergedInto) {
      return new Folded<>(ended, deltas);
    }
    return new Folded<>(before, deltas);
  }
}
