package shop.stock.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import shop.events.Money;
import shop.platform.Refusal;
import shop.stock.domain.ReturnDecision.ReturnableLine;

class ReturnDecisionTest {
  static final Money UNIT = new Money(450, "EUR");

  @Test
  void shouldRestockAtTheSalePrice() {
    // given a sale of 3 beers of which 1 was already returned
    var sale = Map.of("beer", new ReturnableLine("beer", 3, 1, UNIT));
    var levels = Map.of("beer", new StockLevel("bar", "beer", 5, 0, 9));
    // when 2 more come back
    var decision = ReturnDecision.decide("bar", List.of(new ItemQuantity("beer", 2)), sale, levels);
    // then
    assertThat(decision.lines()).singleElement().satisfies(l -> {
      assertThat(l.after().onHand()).isEqualTo(7);
      assertThat(l.delta()).isEqualTo(2);
      assertThat(l.lineTotal()).isEqualTo(new Money(900, "EUR"));
    });
  }

  @Test
  void shouldNeverReturnMoreThanSold() {
    var sale = Map.of("beer", new ReturnableLine("beer", 3, 2, UNIT));
    var levels = Map.of("beer", new StockLevel("bar", "beer", 5, 0, 9));
    assertThatThrownBy(() -> ReturnDecision.decide("bar", List.of(new ItemQuantity("beer", 2)), sale, levels))
        .isInstanceOfSatisfying(Refusal.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.RETURN_EXCEEDS_SALE));
    assertThatThrownBy(() -> ReturnDecision.decide("bar", List.of(new ItemQuantity("wine", 1)), sale, levels))
        .isInstanceOfSatisfying(Refusal.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.RETURN_EXCEEDS_SALE));
  }
}
