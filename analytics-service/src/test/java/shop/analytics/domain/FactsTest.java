package shop.analytics.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

import shop.analytics.domain.CartFacts.CartFact;
import shop.analytics.domain.OrderFacts.OrderFact;
import shop.events.CartEvent;
import shop.events.Money;
import shop.events.OrderEvent;
import shop.events.OrderLine;
import shop.events.SaleEvent;
import shop.events.SaleLine;

/** What each event adds to the figures (given an event and what is known, when folded, then these deltas). */
class FactsTest {
  static final Instant T = Instant.parse("2026-06-01T10:07:30Z");
  static final Instant BUCKET = Instant.parse("2026-06-01T10:00:00Z");

  static SaleLine line(String product, int qty, long unit) {
    return new SaleLine(product, qty, new Money(unit, "EUR"), new Money(unit * qty, "EUR"));
  }

  @Test
  void bucketsAreQuartersOfUtcHoursAndADstDayHasFewerOfThem() {
    assertThat(Bucket.of(T)).isEqualTo(BUCKET);
    assertThat(Bucket.of(Instant.parse("2026-06-01T10:15:00Z"))).isEqualTo(Instant.parse("2026-06-01T10:15:00Z"));
    ZoneId paris = ZoneId.of("Europe/Paris");
    DayRange springForward = new DayRange(LocalDate.parse("2026-03-29"), LocalDate.parse("2026-03-29"));
    assertThat(springForward.start(paris)).isEqualTo(Instant.parse("2026-03-28T23:00:00Z"));
    assertThat(springForward.end(paris)).isEqualTo(Instant.parse("2026-03-29T22:00:00Z")); // 23 hours
  }

  @Test
  void aPosSaleIsAnOrderWithItsRevenueItemsAndProducts() {
    Deltas d = SaleFacts.of(new SaleEvent.Completed("s1", "bar", List.of(line("beer", 2, 450), line("chips", 1, 300)),
        new Money(1200, "EUR"), T));

    assertThat(d.figures()).containsExactly(new FigureDelta("bar", BUCKET, "EUR", 1, 1200, 3, 0, 0, 0));
    assertThat(d.products()).containsExactlyInAnyOrder(new ProductDelta("bar", "beer", BUCKET, "EUR", 2, 900),
        new ProductDelta("bar", "chips", BUCKET, "EUR", 1, 300));
  }

  @Test
  void aReturnTakesBackRevenueAndItemsOnItsOwnDayButNotTheOrder() {
    Deltas d = SaleFacts.of(new SaleEvent.Returned("r1", "s1", "bar", List.of(line("beer", 1, 450)),
        new Money(450, "EUR"), T));

    assertThat(d.figures()).containsExactly(new FigureDelta("bar", BUCKET, "EUR", 0, -450, -1, 0, 0, 0));
    assertThat(d.products()).containsExactly(new ProductDelta("bar", "beer", BUCKET, "EUR", -1, -450));
  }

  @Test
  void theSaleThatFulfilsAnOrderIsNotCountedAgain() {
    assertThat(SaleFacts.of(new SaleEvent.Completed("o1", "bar", List.of(line("beer", 1, 450)),
        new Money(450, "EUR"), T, "o1")).isEmpty()).isTrue();
  }

  @Test
  void aSaleWithoutItsLocationIsABadRecord() {
    assertThatThrownBy(() -> SaleFacts.of(new SaleEvent.Completed("s1", null, List.of(line("beer", 1, 450)),
        new Money(450, "EUR"), T))).isInstanceOf(IllegalArgumentException.class);
  }

  static final OrderEvent.Placed PLACED = new OrderEvent.Placed("o1", "c1", 3, "alice", "shop",
      List.of(new OrderLine("tea", "Tea", 3, new Money(200, "EUR"), new Money(600, "EUR"))), new Money(600, "EUR"),
      T, T.plusSeconds(120));

  @Test
  void anOrderCountsOnceWhenConfirmed() {
    OrderFact placed = OrderFacts.apply(null, PLACED).after();
    Instant confirmedAt = T.plusSeconds(3600);

    Folded<OrderFact> confirmed = OrderFacts.apply(placed, new OrderEvent.Confirmed("o1", "shop", confirmedAt));
    Folded<OrderFact> again = OrderFacts.apply(confirmed.after(),
        new OrderEvent.Confirmed("o1", "shop", confirmedAt));

    assertThat(OrderFacts.apply(null, PLACED).deltas().isEmpty()).isTrue();
    assertThat(confirmed.deltas().figures()).containsExactly(
        new FigureDelta("shop", Bucket.of(confirmedAt), "EUR", 1, 600, 3, 0, 0, 0));
    assertThat(confirmed.deltas().products()).containsExactly(
        new ProductDelta("shop", "tea", Bucket.of(confirmedAt), "EUR", 3, 600));
    assertThat(again.deltas().isEmpty()).isTrue();
  }

  @Test
  void aConfirmedOrderCancelledLaterIsTakenBackOnTheDayOfTheCancellation() {
    OrderFact confirmed = OrderFacts.apply(OrderFacts.apply(null, PLACED).after(),
        new OrderEvent.Confirmed("o1", "shop", T)).after();
    Instant nextDay = T.plusSeconds(86_400);

    Folded<OrderFact> cancelled = OrderFacts.apply(confirmed,
        new OrderEvent.Cancelled("o1", "shop", "customer", nextDay));

    assertThat(cancelled.deltas().figures()).containsExactly(
        new FigureDelta("shop", Bucket.of(nextDay), "EUR", -1, -600, -3, 0, 0, 0));
    assertThat(OrderFacts.apply(cancelled.after(), new OrderEvent.Cancelled("o1", "shop", "customer", nextDay))
        .deltas().isEmpty()).isTrue();
  }

  @Test
  void aRejectedOrAnUnknownOrderNeverCounts() {
    OrderFact rejected = OrderFacts.apply(OrderFacts.apply(null, PLACED).after(),
        new OrderEvent.Rejected("o1", "shop", "expired", List.of(), T)).after();

    assertThat(OrderFacts.apply(rejected, new OrderEvent.Confirmed("o1", "shop", T)).deltas().isEmpty()).isTrue();
    assertThat(OrderFacts.apply(null, new OrderEvent.Confirmed("o2", "shop", T)).after()).isNull();
  }

  @Test
  void aCartCountsAsCreatedThenOnceAsCheckedOutOrAbandoned() {
    Folded<CartFact> created = CartFacts.apply(null, new CartEvent.Created("c1", "alice", "shop", "EUR"), T);
    Folded<CartFact> checkedOut = CartFacts.apply(created.after(), new CartEvent.CheckedOut("c1", "o1"), T);
    Folded<CartFact> abandonedAfter = CartFacts.apply(checkedOut.after(), new CartEvent.Abandoned("c1", T), T);

    assertThat(created.deltas().figures()).containsExactly(new FigureDelta("shop", BUCKET, "EUR", 0, 0, 0, 1, 0, 0));
    assertThat(checkedOut.deltas().figures()).containsExactly(
        new FigureDelta("shop", BUCKET, "EUR", 0, 0, 0, 0, 1, 0));
    assertThat(abandonedAfter.deltas().isEmpty()).isTrue();
    assertThat(CartFacts.apply(new CartFact("c2", "shop", "EUR", null), new CartEvent.Abandoned("c2", T), T)
        .deltas().figures()).containsExactly(new FigureDelta("shop", BUCKET, "EUR", 0, 0, 0, 0, 0, 1));
  }

  @Test
  void deltasOfABatchAreSummedPerRow() {
    Deltas batch = new Deltas()
        .addAll(SaleFacts.of(new SaleEvent.Completed("s1", "bar", List.of(line("beer", 1, 450)),
            new Money(450, "EUR"), T)))
        .addAll(SaleFacts.of(new SaleEvent.Completed("s2", "bar", List.of(line("beer", 2, 450)),
            new Money(900, "EUR"), T.plusSeconds(60))));

    assertThat(batch.figures()).containsExactly(new FigureDelta("bar", BUCKET, "EUR", 2, 1350, 3, 0, 0, 0));
    assertThat(batch.currencies()).containsEntry("bar", "EUR");
  }
}
