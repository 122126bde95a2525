package shop.stock.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import shop.stock.domain.Reservation.Status;
import shop.stock.domain.Reservation.Step;

class ReservationTest {
  static Reservation in(Status status) {
    return new Reservation("o1", "bar", status, "EUR",
        List.of(new Reservation.Line("wine", 1, 1200), new Reservation.Line("beer", 2, 450)));
  }

  @Test
  void shouldCommitAHeldReservationAndHoldAnExpiredOneAgainOnConfirmation() {
    assertThat(in(Status.HELD).confirmed()).isEqualTo(Step.COMMIT);
    assertThat(in(Status.EXPIRED).confirmed()).isEqualTo(Step.RESERVE_AGAIN);
    for (Status s : List.of(Status.COMMITTED, Status.FULFILLED, Status.REJECTED, Status.RELEASED, Status.LOST)) {
      assertThat(in(s).confirmed()).as("%s: a redelivery or a late message", s).isEqualTo(Step.NONE);
    }
  }

  @Test
  void shouldReleaseOnlyWhatIsHeldWhenTheOrderEnds() {
    assertThat(in(Status.HELD).ended()).isEqualTo(Step.RELEASE);
    assertThat(in(Status.COMMITTED).ended()).isEqualTo(Step.RELEASE);
    for (Status s : List.of(Status.FULFILLED, Status.REJECTED, Status.RELEASED, Status.EXPIRED, Status.LOST)) {
      assertThat(in(s).ended()).as("%s holds nothing", s).isEqualTo(Step.NONE);
    }
  }

  @Test
  void shouldFulfilOnceAndSellFromAvailableStockWhenTheHoldHadExpired() {
    assertThat(in(Status.COMMITTED).fulfilled()).isEqualTo(Step.FULFIL);
    assertThat(in(Status.HELD).fulfilled()).isEqualTo(Step.FULFIL);
    assertThat(in(Status.EXPIRED).fulfilled()).isEqualTo(Step.SELL);
    assertThat(in(Status.LOST).fulfilled()).isEqualTo(Step.SELL);
    assertThat(in(Status.FULFILLED).fulfilled()).as("a redelivery").isEqualTo(Step.NONE);
    assertThat(in(Status.RELEASED).fulfilled()).isEqualTo(Step.NONE);
  }

  @Test
  void shouldExpireOnlyAHeldReservation() {
    assertThat(in(Status.HELD).expired()).isEqualTo(Step.RELEASE);
    assertThat(in(Status.COMMITTED).expired()).isEqualTo(Step.NONE);
  }

  @Test
  void shouldLockProductsInIdOrder() {
    assertThat(in(Status.HELD).sortedProductIds()).containsExactly("beer", "wine");
  }
}
