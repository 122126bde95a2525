package shop.stock.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ReservationDecisionTest {
  static final String BAR = "bar";

  @Test
  void everyLineThatFitsIsReservedOnceSummedPerProduct() {
    Map<String, StockLevel> levels = Map.of("beer", new StockLevel(BAR, "beer", 5, 1, 7),
        "wine", new StockLevel(BAR, "wine", 2, 0, 1));

    ReservationDecision decision = ReservationDecision.decide(BAR,
        List.of(new ItemQuantity("beer", 2), new ItemQuantity("wine", 2), new ItemQuantity("beer", 2)), levels);

    assertThat(decision).isEqualTo(new ReservationDecision.Reserved(List.of(new StockLevel(BAR, "beer", 5, 5, 8),
        new StockLevel(BAR, "wine", 2, 2, 2))));
  }

  @Test
  void oneShortLineRejectsTheWholeOrderAndNamesEveryShortLine() {
    Map<String, StockLevel> levels = Map.of("beer", new StockLevel(BAR, "beer", 5, 4, 7),
        "wine", new StockLevel(BAR, "wine", 9, 0, 1));

    ReservationDecision decision = ReservationDecision.decide(BAR,
        List.of(new ItemQuantity("beer", 2), new ItemQuantity("wine", 1), new ItemQuantity("rum", 1)), levels);

    assertThat(decision).isEqualTo(new ReservationDecision.Rejected(List.of(new Shortfall("beer", 2, 1),
        new Shortfall("rum", 1, 0))));
  }

  @Test
  void theLastUnitGoesToOneOrderOnly() {
    StockLevel last = new StockLevel(BAR, "gin", 1, 0, 1);

    ReservationDecision first = ReservationDecision.decide(BAR, List.of(new ItemQuantity("gin", 1)),
        Map.of("gin", last));
    StockLevel afterFirst = ((ReservationDecision.Reserved) first).levels().get(0);
    ReservationDecision second = ReservationDecision.decide(BAR, List.of(new ItemQuantity("gin", 1)),
        Map.of("gin", afterFirst));

    assertThat(afterFirst.available()).isZero();
    assertThat(second).isEqualTo(new ReservationDecision.Rejected(List.of(new Shortfall("gin", 1, 0))));
  }
}
