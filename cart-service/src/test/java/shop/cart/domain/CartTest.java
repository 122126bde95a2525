package shop.cart.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import shop.events.CartEvent;
import shop.events.CartLineData;
import shop.events.CartStatus;
import shop.events.MergeAdjustment;
import shop.events.Money;
import shop.events.StockShortfall;
import shop.platform.Refusal;

/** Given a history, when a command, then these events (and the state they rebuild). */
class CartTest {
  static final String CART = "cart-1";
  static final Money BEER_PRICE = new Money(450, "EUR");
  static final CatalogueProduct BEER = new CatalogueProduct("beer", "Pils", BEER_PRICE, true);
  static final CatalogueProduct WINE = new CatalogueProduct("wine", "Merlot", new Money(1200, "EUR"), true);
  static final CartLimits LIMITS = CartLimits.DEFAULT;

  static List<CartEvent> created() {
    return new ArrayList<>(Cart.create(CART, "alice", "shop-north", "EUR"));
  }

  static Cart given(CartEvent... later) {
    List<CartEvent> history = created();
    history.addAll(List.of(later));
    return Cart.replay(history);
  }

  static CartEvent.ItemAdded added(CatalogueProduct p, int quantity, int lineQuantity) {
    return new CartEvent.ItemAdded(CART, quantity, new CartLineData(p.productId(), p.name(), p.price(), lineQuantity));
  }

  @Test
  void shouldCreateAnOpenEmptyCartAtVersionOne() {
    Cart cart = Cart.replay(created());
    assertThat(cart.status()).isEqualTo(CartStatus.OPEN);
    assertThat(cart.version()).isEqualTo(1);
    assertThat(cart.lines()).isEmpty();
    assertThat(cart.total()).isEqualTo(Money.zero("EUR"));
  }

  @Test
  void shouldSnapshotNameAndPriceWhenALineIsFirstAdded() {
    assertThat(given().addItem(BEER, 2, LIMITS)).containsExactly(added(BEER, 2, 2));
  }

  @Test
  void shouldAddToAnExistingLineKeepingItsPrice() {
    CatalogueProduct repriced = new CatalogueProduct("beer", "Pils 33cl", new Money(500, "EUR"), true);
    assertThat(given(added(BEER, 2, 2)).addItem(repriced, 3, LIMITS)).containsExactly(added(BEER, 3, 5));
  }

  @Test
  void shouldComputeTotalsInMinorUnits() {
    Cart cart = given(added(BEER, 3, 3), added(WINE, 1, 1));
    assertThat(cart.itemCount()).isEqualTo(4);
    assertThat(cart.total()).isEqualTo(new Money(3 * 450 + 1200, "EUR"));
    assertThat(cart.version()).isEqualTo(3);
  }

  @Test
  void shouldRefuseQuantitiesAndLinesBeyondTheLimits() {
    assertThatThrownBy(() -> given(added(BEER, 98, 98)).addItem(BEER, 2, LIMITS))
        .isInstanceOfSatisfying(Refusal.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED));
    assertThatThrownBy(() -> given().addItem(BEER, 0, LIMITS)).isInstanceOf(Refusal.class);
    assertThatThrownBy(() -> given(added(BEER, 1, 1)).addItem(WINE, 1, new CartLimits(99, 1)))
        .isInstanceOfSatisfying(Refusal.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED));
  }

  @Test
  void shouldRefuseProductsNoLongerSoldOrInAnotherCurrency() {
    CatalogueProduct retired = new CatalogueProduct("old", "Old", BEER_PRICE, false);
    CatalogueProduct swiss = new CatalogueProduct("chf", "Swiss", new Money(100, "CHF"), true);
    assertThatThrownBy(() -> given().addItem(retired, 1, LIMITS)).isInstanceOfSatisfying(Refusal.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.PRODUCT_UNAVAILABLE));
    assertThatThrownBy(() -> given().addItem(swiss, 1, LIMITS)).isInstanceOfSatisfying(Refusal.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.CURRENCY_MISMATCH));
  }

  @Test
  void shouldChangeRemoveAndClearLines() {
    Cart cart = given(added(BEER, 2, 2), added(WINE, 1, 1));
    assertThat(cart.changeQuantity("beer", 5, LIMITS))
        .containsExactly(new CartEvent.ItemQuantityChanged(CART, "beer", 5));
    assertThat(cart.changeQuantity("beer", 0, LIMITS)).containsExactly(new CartEvent.ItemRemoved(CART, "beer"));
    assertThat(cart.changeQuantity("beer", 2, LIMITS)).as("same quantity: nothing to record").isEmpty();
    assertThat(cart.removeItem("wine")).containsExactly(new CartEvent.ItemRemoved(CART, "wine"));
    assertThat(cart.removeItem("absent")).as("removing twice (two tabs) is harmless").isEmpty();
    assertThat(cart.clear()).containsExactly(new CartEvent.Cleared(CART));
    assertThat(given().clear()).isEmpty();
    assertThatThrownBy(() -> cart.changeQuantity("absent", 1, LIMITS)).isInstanceOfSatisfying(Refusal.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
  }

  @Test
  void shouldRebuildTheSameStateFromEventsOrFromASnapshot() {
    List<CartEvent> history = created();
    history.addAll(List.of(added(BEER, 2, 2), added(WINE, 1, 1), new CartEvent.ItemQuantityChanged(CART, "beer", 7)));
    Cart fromScratch = Cart.replay(history);
    Cart atTwo = Cart.replay(history.subList(0, 2));
    Cart fromSnapshot = Cart.restore(atTwo.snapshot(), history.subList(2, history.size()));
    assertThat(fromSnapshot.snapshot()).isEqualTo(fromScratch.snapshot());
    assertThat(fromScratch.lines()).extracting(CartLineData::productId, CartLineData::quantity)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("beer", 7),
            org.assertj.core.groups.Tuple.tuple("wine", 1));
    assertThat(fromScratch.version()).isEqualTo(4);
  }

  @Test
  void shouldRefuseChangesToAClosedCart() {
    Cart abandoned = given(added(BEER, 1, 1), new CartEvent.Abandoned(CART, Instant.parse("2026-11-21T10:00:00Z")));
    assertThat(abandoned.status()).isEqualTo(CartStatus.ABANDONED);
    assertThatThrownBy(() -> abandoned.addItem(BEER, 1, LIMITS)).isInstanceOfSatisfying(Refusal.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.CART_CLOSED));
    assertThat(abandoned.abandon(Instant.now())).as("abandoned once").isEmpty();
  }

  @Test
  void shouldMergeSummingCappingAndDroppingWithReasons() {
    // given alice's cart with 90 beers, and a guest cart with 20 beers, 1 wine and 1 retired product
    Cart mine = given(added(BEER, 90, 90));
    Cart guest = Cart.replay(List.of(new CartEvent.Created("guest", null, "shop-north", "EUR"),
        new CartEvent.ItemAdded("guest", 20, new CartLineData("beer", "Pils", BEER_PRICE, 20)),
        new CartEvent.ItemAdded("guest", 1, new CartLineData("wine", "Merlot", WINE.price(), 1)),
        new CartEvent.ItemAdded("guest", 2, new CartLineData("old", "Old", BEER_PRICE, 2))));
    Map<String, CatalogueProduct> catalogue = Map.of("beer", BEER, "wine", WINE);

    // when merged
    Cart.MergeResult result = mine.mergeFrom(guest, catalogue::get, LIMITS);

    // then
    assertThat(result.adjustments()).containsExactly(new MergeAdjustment("beer", MergeAdjustment.CAPPED, 110, 99),
        new MergeAdjustment("old", MergeAdjustment.PRODUCT_UNAVAILABLE, 2, 0));
    assertThat(result.source()).containsExactly(new CartEvent.MergedInto("guest", CART));
    Cart merged = mine.apply(result.target().get(0));
    assertThat(merged.lines()).extracting(CartLineData::productId, CartLineData::quantity)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("beer", 99),
            org.assertj.core.groups.Tuple.tuple("wine", 1));
    assertThat(guest.apply(result.source().get(0)).status()).isEqualTo(CartStatus.MERGED);
  }

  @Test
  void shouldDropMergedLinesBeyondTheLineLimit() {
    Cart mine = given(added(BEER, 1, 1));
    Cart guest = Cart.replay(List.of(new CartEvent.Created("guest", null, "shop-north", "EUR"),
        new CartEvent.ItemAdded("guest", 1, new CartLineData("wine", "Merlot", WINE.price(), 1))));
    Cart.MergeResult result = mine.mergeFrom(guest, Map.of("beer", BEER, "wine", WINE)::get, new CartLimits(99, 1));
    assertThat(result.adjustments()).containsExactly(new MergeAdjustment("wine", MergeAdjustment.CART_FULL, 1, 0));
  }

  @Test
  void shouldRefuseMergingIntoItselfOrFromAnotherOwner() {
    Cart mine = given();
    Cart bobs = Cart.replay(List.of(new CartEvent.Created("bob-cart", "bob", "shop-north", "EUR")));
    assertThatThrownBy(() -> mine.mergeFrom(mine, id -> null, LIMITS)).isInstanceOfSatisfying(Refusal.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.MERGE_REFUSED));
    assertThatThrownBy(() -> mine.mergeFrom(bobs, id -> null, LIMITS)).isInstanceOfSatisfying(Refusal.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.MERGE_REFUSED));
  }

  @Test
  void shouldFreezeDuringCheckoutThenCloseOrReopen() {
    Cart cart = given(added(BEER, 1, 1));
    assertThatThrownBy(() -> given().startCheckout("o1")).isInstanceOfSatisfying(Refusal.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.CART_EMPTY));
    Cart checkingOut = cart.apply(cart.startCheckout("o1").get(0));
    assertThat(checkingOut.status()).isEqualTo(CartStatus.CHECKING_OUT);
    assertThatThrownBy(() -> checkingOut.addItem(BEER, 1, LIMITS)).isInstanceOf(Refusal.class);
    Cart done = checkingOut.apply(checkingOut.completeCheckout("o1").get(0));
    assertThat(done.status()).isEqualTo(CartStatus.CHECKED_OUT);
    assertThat(done.completeCheckout("o1")).as("a redelivered confirmation changes nothing").isEmpty();
    assertThat(checkingOut.completeCheckout("another-order")).as("an older order's answer").isEmpty();
    List<StockShortfall> shortfalls = List.of(new StockShortfall(BEER.productId(), 1, 0));
    Cart reopened = checkingOut.apply(checkingOut.reopen("o1", "insufficient-stock", shortfalls).get(0));
    assertThat(reopened.status()).isEqualTo(CartStatus.OPEN);
    assertThat(reopened.lines()).isEqualTo(cart.lines());
    assertThat(reopened.warnings()).isEqualTo(shortfalls);
    assertThat(reopened.orderId()).isEqualTo("o1");
    assertThat(reopened.reopen("o1", "insufficient-stock", shortfalls)).as("a redelivered rejection").isEmpty();
  }

  @Test
  void shouldDropAWarningWhenItsLineChangesAndAllOfThemAtTheNextCheckout() {
    Cart cart = given(added(BEER, 2, 2), added(WINE, 1, 1), new CartEvent.CheckoutStarted(CART, "o1"),
        new CartEvent.Reopened(CART, "o1", "insufficient-stock", List.of(new StockShortfall(BEER.productId(), 2, 1),
            new StockShortfall(WINE.productId(), 1, 0))));
    Cart fixed = cart.apply(cart.changeQuantity(BEER.productId(), 1, LIMITS).get(0));
    assertThat(fixed.warnings()).extracting(StockShortfall::productId).containsExactly(WINE.productId());
    Cart again = fixed.apply(fixed.startCheckout("o2").get(0));
    assertThat(again.warnings()).isEmpty();
    assertThat(again.orderId()).isEqualTo("o2");
    Cart restored = Cart.restore(fixed.snapshot(), List.of());
    assertThat(restored.warnings()).as("kept in snapshots").isEqualTo(fixed.warnings());
  }

  @Test
  void shouldRefuseAHistoryThatChangesALineTheCartDoesNotHold() {
    assertThatThrownBy(() -> given(new CartEvent.ItemQuantityChanged(CART, "wine", 2)))
        .isInstanceOf(IllegalStateException.class);
  }

}
