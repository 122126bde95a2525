package shop.stock.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import shop.platform.Refusal;

class StockLevelTest {

  @Test
  void shouldAddReceiptsAndBumpVersion() {
    StockLevel after = StockLevel.empty("l", "p").receive(5).receive(2);
    assertThat(after.onHand()).isEqualTo(7);
    assertThat(after.version()).isEqualTo(2);
  }

  @Test
  void shouldSetOnHandOnCountButNeverBelowReserved() {
    StockLevel reserved = new StockLevel("l", "p", 10, 4, 1);
    assertThat(reserved.count(4).available()).isZero();
    assertThatThrownBy(() -> reserved.count(3))
        .isInstanceOfSatisfying(Refusal.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BELOW_RESERVED));
  }

  @Test
  void shouldNeverSellMoreThanAvailable() {
    StockLevel one = new StockLevel("l", "p", 1, 0, 1);
    assertThat(one.canSell(1)).isTrue();
    assertThat(one.sell(1).onHand()).isZero();
    assertThatThrownBy(() -> one.sell(1).sell(1)).isInstanceOf(Refusal.class);
  }

  @Test
  void aReservationHoldsUnitsThatNoSaleCanTake() {
    StockLevel shelf = new StockLevel("l", "p", 3, 0, 1);

    StockLevel held = shelf.reserve(2);

    assertThat(held.onHand()).isEqualTo(3);
    assertThat(held.available()).isEqualTo(1);
    assertThat(held.canSell(2)).isFalse();
    assertThatThrownBy(() -> held.reserve(2)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aReleaseGivesUnitsBackAndAFulfilmentTakesThemOffTheShelf() {
    StockLevel held = new StockLevel("l", "p", 5, 2, 3);

    assertThat(held.release(2)).isEqualTo(new StockLevel("l", "p", 5, 0, 4));
    assertThat(held.fulfil(2)).isEqualTo(new StockLevel("l", "p", 3, 0, 4));
    assertThatThrownBy(() -> held.release(3)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> held.fulfil(3)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldRefuseImpossibleLevels() {
    assertThatThrownBy(() -> new StockLevel("l", "p", -1, 0, 0)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new StockLevel("l", "p", 1, 2, 0)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new StockLevel("l", "p", StockLevel.MAX_ON_HAND, 0, 0).receive(1))
        .isInstanceOfSatisfying(Refusal.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED));
  }
}
