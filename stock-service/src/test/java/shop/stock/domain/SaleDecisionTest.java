package shop.stock.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import shop.events.Money;
import shop.platform.Refusal;

class SaleDecisionTest {
  static final String BAR = "bar-1";
  static final PricedProduct BEER = new PricedProduct("beer", new Money(450, "EUR"), true);
  static final PricedProduct WINE = new PricedProduct("wine", new Money(700, "EUR"), true);
  static final Map<String, PricedProduct> CATALOGUE = Map.of("beer", BEER, "wine", WINE);

  static StockLevel level(String product, long onHand, long reserved) {
    return new StockLevel(BAR, product, onHand, reserved, 3);
  }

  @Test
  void shouldSellEveryLineAndPriceItWhenStockSuffices() {
    // given
    var levels = Map.of("beer", level("beer", 10, 0), "wine", level("wine", 2, 0));
    // when
    var decision = SaleDecision.decide(BAR, List.of(new ItemQuantity("beer", 3), new ItemQuantity("wine", 2)),
        CATALOGUE, levels);
    // then
    assertThat(decision.lines()).extracting(SoldLine::productId, SoldLine::quantity, l -> l.after().onHand(),
        l -> l.after().version(), SoldLine::delta)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("beer", 3, 7L, 4L, -3L),
            org.assertj.core.groups.Tuple.tuple("wine", 2, 0L, 4L, -2L));
    assertThat(decision.total()).isEqualTo(new Money(3 * 450 + 2 * 700, "EUR"));
  }

  @Test
  void shouldSumRepeatedProductsBeforeCheckingStock() {
    var levels = Map.of("beer", level("beer", 4, 0));
    assertThatThrownBy(() -> SaleDecision.decide(BAR,
        List.of(new ItemQuantity("beer", 3), new ItemQuantity("beer", 2)), CATALOGUE, levels))
        .isInstanceOfSatisfying(Refusal.class,
            e -> assertThat(e.extensions().get("shortfalls")).asList().containsExactly(new Shortfall("beer", 5, 4)));
  }

  @Test
  void shouldRefuseRepeatedLinesWhoseSumPassesTheLimitPerProduct() {
    // given: a million bottles in stock
    var levels = Map.of("beer", level("beer", 1_000_000, 0));
    // when: 100 lines of 10,000 each (every line within the limit, their sum far over it)
    var lines = java.util.Collections.nCopies(100, new ItemQuantity("beer", ItemQuantity.MAX_PER_PRODUCT));
    // then
    assertThatThrownBy(() -> SaleDecision.decide(BAR, lines, CATALOGUE, levels))
        .isInstanceOfSatisfying(Refusal.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
          assertThat(e.extensions()).containsEntry("productId", "beer");
        });
    // and exactly the limit, spread over two lines, is fine
    var atLimit = SaleDecision.decide(BAR, List.of(new ItemQuantity("beer", 6_000), new ItemQuantity("beer", 4_000)),
        CATALOGUE, levels);
    assertThat(atLimit.lines()).singleElement().extracting(SoldLine::quantity).isEqualTo(10_000);
  }

  @Test
  void shouldRefuseWholeSaleAndNameEveryShortLine() {
    var levels = Map.of("beer", level("beer", 1, 0), "wine", level("wine", 5, 4));
    assertThatThrownBy(() -> SaleDecision.decide(BAR,
        List.of(new ItemQuantity("beer", 2), new ItemQuantity("wine", 2)), CATALOGUE, levels))
        .isInstanceOfSatisfying(Refusal.class,
            e -> assertThat(e.extensions().get("shortfalls")).asList().containsExactly(new Shortfall("beer", 2, 1),
                new Shortfall("wine", 2, 1)));
  }

  @Test
  void shouldTreatAMissingStockRowAsNothingAvailable() {
    assertThatThrownBy(() -> SaleDecision.decide(BAR, List.of(new ItemQuantity("beer", 1)), CATALOGUE, Map.of()))
        .isInstanceOfSatisfying(Refusal.class,
            e -> assertThat(e.extensions().get("shortfalls")).asList().containsExactly(new Shortfall("beer", 1, 0)));
  }

  @Test
  void shouldSellTheLastUnitButNotReservedOnes() {
    var decision = SaleDecision.decide(BAR, List.of(new ItemQuantity("beer", 1)), CATALOGUE,
        Map.of("beer", level("beer", 3, 2)));
    assertThat(decision.lines().get(0).after().available()).isZero();
  }

  @Test
  void shouldRejectUnknownInactiveAndMixedCurrencyProducts() {
    assertThatThrownBy(() -> SaleDecision.decide(BAR, List.of(new ItemQuantity("ghost", 1)), CATALOGUE, Map.of()))
        .isInstanceOfSatisfying(Refusal.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_PRODUCT);
          assertThat(e.extensions()).containsEntry("productIds", List.of("ghost"));
        });
    var retired = Map.of("beer", new PricedProduct("beer", BEER.price(), false));
    assertThatThrownBy(() -> SaleDecision.decide(BAR, List.of(new ItemQuantity("beer", 1)), retired,
        Map.of("beer", level("beer", 5, 0))))
        .isInstanceOfSatisfying(Refusal.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PRODUCT_INACTIVE));
    var mixed = Map.of("beer", BEER, "wine", new PricedProduct("wine", new Money(700, "CHF"), true));
    assertThatThrownBy(() -> SaleDecision.decide(BAR, List.of(new ItemQuantity("beer", 1), new ItemQuantity("wine", 1)),
        mixed, Map.of("beer", level("beer", 5, 0), "wine", level("wine", 5, 0))))
        .isInstanceOfSatisfying(Refusal.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CURRENCY_MISMATCH));
  }
}
