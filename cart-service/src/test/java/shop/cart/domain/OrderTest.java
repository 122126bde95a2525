package shop.cart.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import shop.events.CartEvent;
import shop.events.OrderEvent;
import shop.events.OrderStatus;
import shop.events.StockShortfall;
import shop.platform.Refusal;

class OrderTest {
  static final Instant T0 = Instant.parse("2026-12-01T18:30:00Z");
  static final CartLimits LIMITS = new CartLimits(99, 100);

  static Cart cartWithTwoBeersAndAWine() {
    Cart cart = Cart.replay(List.of(new CartEvent.Created("c1", "kim", "shop-north", "EUR")));
    cart = cart.apply(cart.addItem(CartTest.BEER, 2, LIMITS).get(0));
    return cart.apply(cart.addItem(CartTest.WINE, 1, LIMITS).get(0));
  }

  static Order placed() {
    return Order.replay(List.of(Order.place(cartWithTwoBeersAndAWine(), T0, Duration.ofMinutes(2))));
  }

  @Test
  void shouldPlaceTheCartsLinesPricedWithADeadlineUnderAnIdDerivedFromTheCartVersion() {
    // given a cart at version 3
    Cart cart = cartWithTwoBeersAndAWine();
    // when it is placed
    OrderEvent.Placed placed = Order.place(cart, T0, Duration.ofMinutes(2));
    // then
    assertThat(placed.orderId()).isEqualTo(Order.idFor("c1", 3)).isNotEqualTo(Order.idFor("c1", 4))
        .isNotEqualTo(Order.idFor("c2", 3));
    assertThat(java.util.UUID.fromString(placed.orderId()).version()).isEqualTo(5);
    assertThat(placed.cartVersion()).isEqualTo(3);
    assertThat(placed.lines()).extracting(l -> l.productId() + "×" + l.quantity() + "=" + l.lineTotal().amount())
        .containsExactly("beer×2=900", "wine×1=1200");
    assertThat(placed.total().amount()).isEqualTo(2100);
    assertThat(placed.reserveBy()).isEqualTo(T0.plusSeconds(120));
    assertThat(placed.ownerId()).isEqualTo("kim");
  }

  @Test
  void shouldBeConfirmedOnceAndKeepItsHistory() {
    Order order = placed();
    Order confirmed = order.apply(order.confirm(T0.plusSeconds(1)).get(0));
    assertThat(confirmed.status()).isEqualTo(OrderStatus.CONFIRMED);
    assertThat(confirmed.version()).isEqualTo(2);
    assertThat(confirmed.confirm(T0.plusSeconds(2))).as("a redelivered confirmation").isEmpty();
    assertThat(confirmed.reject(Order.INSUFFICIENT_STOCK, List.of(), T0)).as("a late rejection").isEmpty();
    assertThat(confirmed.history()).extracting(h -> h.status().wire() + "@" + h.at().getEpochSecond() % 60)
        .containsExactly("placed@0", "confirmed@1");
  }

  @Test
  void shouldBeRejectedWithItsShortfallsAndThenIgnoreALateConfirmation() {
    Order order = placed();
    List<StockShortfall> short0 = List.of(new StockShortfall("wine", 1, 0));
    Order rejected = order.apply(order.reject(Order.INSUFFICIENT_STOCK, short0, T0.plusSeconds(1)).get(0));
    assertThat(rejected.status()).isEqualTo(OrderStatus.REJECTED);
    assertThat(rejected.shortfalls()).isEqualTo(short0);
    assertThat(rejected.history().get(1).reason()).isEqualTo("insufficient-stock");
    assertThat(rejected.confirm(T0.plusSeconds(2))).isEmpty();
  }

  @Test
  void shouldCancelOrFulfilOnlyAConfirmedOrder() {
    Order order = placed();
    assertRefused(() -> order.cancel(T0), ErrorCode.ORDER_PENDING);
    assertRefused(() -> order.fulfil(T0), ErrorCode.ORDER_PENDING);
    Order confirmed = order.apply(order.confirm(T0).get(0));
    Order cancelled = confirmed.apply(confirmed.cancel(T0.plusSeconds(5)).get(0));
    assertThat(cancelled.status()).isEqualTo(OrderStatus.CANCELLED);
    assertRefused(() -> cancelled.cancel(T0), ErrorCode.ORDER_CLOSED);
    assertRefused(() -> cancelled.fulfil(T0), ErrorCode.ORDER_CLOSED);
    Order fulfilled = confirmed.apply(confirmed.fulfil(T0.plusSeconds(5)).get(0));
    assertThat(fulfilled.status()).isEqualTo(OrderStatus.FULFILLED);
    assertRefused(() -> fulfilled.cancel(T0), ErrorCode.ORDER_CLOSED);
  }

  @Test
  void shouldEndCancelledWhenAConfirmedOrdersReservationIsLost() {
    Order order = placed();
    assertThat(order.reservationLost(T0)).as("only a confirmed order").isEmpty();
    Order confirmed = order.apply(order.confirm(T0).get(0));
    Order lost = confirmed.apply(confirmed.reservationLost(T0.plusSeconds(700)).get(0));
    assertThat(lost.status()).isEqualTo(OrderStatus.CANCELLED);
    assertThat(lost.history().get(2).reason()).isEqualTo(Order.RESERVATION_EXPIRED);
  }

  @Test
  void shouldBeOverdueOnlyWhenStillPlacedPastItsDeadlineAndGrace() {
    Order order = placed();
    Duration grace = Duration.ofSeconds(30);
    assertThat(order.overdue(T0.plusSeconds(149), grace)).isFalse();
    assertThat(order.overdue(T0.plusSeconds(151), grace)).isTrue();
    Order confirmed = order.apply(order.confirm(T0).get(0));
    assertThat(confirmed.overdue(T0.plusSeconds(999), grace)).isFalse();
  }

  @Test
  void shouldBeCancelledWhenNobodyCollectsItInTime() {
    Order order = placed();
    Duration within = Duration.ofDays(14);
    assertThat(order.collectBy(within)).as("only a confirmed order is collected").isNull();
    Order confirmed = order.apply(order.confirm(T0.plusSeconds(1)).get(0));
    assertThat(confirmed.collectBy(within)).isEqualTo(T0.plusSeconds(1).plus(within));
    assertThat(confirmed.cancelUncollected(T0.plus(within), within)).isEmpty();
    Order cancelled = confirmed.apply(confirmed.cancelUncollected(T0.plus(within).plusSeconds(2), within).get(0));
    assertThat(cancelled.status()).isEqualTo(OrderStatus.CANCELLED);
    assertThat(cancelled.history().get(2).reason()).isEqualTo(Order.NOT_COLLECTED);
    assertThat(cancelled.collectBy(within)).isNull();
  }

  @Test
  void shouldReplayToTheSameOrder() {
    Order order = placed();
    Order confirmed = order.apply(order.confirm(T0).get(0));
    OrderEvent fulfilled = confirmed.fulfil(T0.plusSeconds(9)).get(0);
    Order replayed = Order.replay(List.of(order.placed(), new OrderEvent.Confirmed(order.id(), "shop-north", T0),
        fulfilled));
    assertThat(replayed.status()).isEqualTo(OrderStatus.FULFILLED);
    assertThat(replayed.version()).isEqualTo(3);
    assertThatThrownBy(() -> Order.replay(List.of(fulfilled))).isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code) {
    assertThatThrownBy(call).isInstanceOfSatisfying(Refusal.class, e -> assertThat(e.code()).isEqualTo(code));
  }
}
