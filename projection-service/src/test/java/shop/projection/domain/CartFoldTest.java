package shop.projection.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import shop.events.CartEvent;
import shop.events.CartLineData;
import shop.events.MergeAdjustment;
import shop.events.Money;
import shop.projection.api.CartView;

class CartFoldTest {
  private static final CartLineData BEER = new CartLineData("beer", "Beer", new Money(450, "EUR"), 2);
  private static final CartLineData WINE = new CartLineData("wine", "Wine", new Money(700, "EUR"), 1);

  private static CartView given(CartEvent... events) {
    CartView view = CartFold.created(new CartEvent.Created("c1", "alice", "bar", "EUR"));
    for (CartEvent e : events) {
      view = CartFold.apply(view, e);
    }
    return view;
  }

  @Test
  void shouldStartOpenAndEmptyAtVersionOne() {
    // when
    CartView view = given();
    // then
    assertThat(view.status()).isEqualTo("open");
    assertThat(view.version()).isEqualTo(1);
    assertThat(view.lines()).isEmpty();
    assertThat(view.total()).isEqualTo(Money.zero("EUR"));
  }

  @Test
  void shouldKeepLinesAndTotalsThroughAddChangeRemoveAndMerge() {
    // given
    CartView view = given(new CartEvent.ItemAdded("c1", 2, BEER), new CartEvent.ItemAdded("c1", 1, WINE));
    // when
    view = CartFold.apply(view, new CartEvent.ItemQuantityChanged("c1", "beer", 3));
    view = CartFold.apply(view, new CartEvent.ItemRemoved("c1", "wine"));
    view = CartFold.apply(view, new CartEvent.Merged("c1", "c0",
        List.of(new CartLineData("wine", "Wine", new Money(700, "EUR"), 2)), List.<MergeAdjustment>of()));
    // then
    assertThat(view.version()).isEqualTo(6);
    assertThat(view.lines()).extracting(CartView.Line::productId, CartView.Line::quantity)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("beer", 3),
            org.assertj.core.groups.Tuple.tuple("wine", 2));
    assertThat(view.itemCount()).isEqualTo(5);
    assertThat(view.total()).isEqualTo(new Money(3 * 450 + 2 * 700, "EUR"));
  }

  @Test
  void shouldFollowTheLifecycleWithTheContractsStatusNames() {
    assertThat(given(new CartEvent.MergedInto("c1", "c2")).status()).isEqualTo("merged");
    assertThat(given(new CartEvent.Abandoned("c1", Instant.EPOCH)).status()).isEqualTo("abandoned");
    assertThat(given(new CartEvent.CheckoutStarted("c1", "o1")).status()).isEqualTo("checking-out");
    assertThat(given(new CartEvent.CheckoutStarted("c1", "o1"), new CartEvent.CheckedOut("c1", "o1")).status())
        .isEqualTo("checked-out");
    assertThat(
        given(new CartEvent.CheckoutStarted("c1", "o1"), new CartEvent.Reopened("c1", "o1", "no stock", List.of()))
            .status())
        .isEqualTo("open");
  }

  @Test
  void shouldEmptyTheCartOnClearAndRefuseASecondCreation() {
    assertThat(given(new CartEvent.ItemAdded("c1", 2, BEER), new CartEvent.Cleared("c1")).lines()).isEmpty();
    assertThatThrownBy(() -> given(new CartEvent.Created("c1", null, "bar", "EUR")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
