package shop.cart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static shop.cart.Orders.cart;
import static shop.cart.Orders.order;
import static shop.cart.Orders.placeOrder;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import shop.platform.Json;
import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.PostgresDatabaseResource;

/**
 * No order stays placed (issue 11, step 5): with a forced 1 s deadline and no answer from stock-service, the watchdog
 * rejects the order ({@code expired}, so stock-service releases anything it held) and opens the cart again; a
 * confirmation arriving after that changes nothing. And no stock stays held for ever: with a 2 s collection time, a
 * confirmed order nobody fulfils is cancelled ({@code not-collected}).
 */
@QuarkusTest
@TestProfile(OrderWatchdogTest.ShortDeadline.class)
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "database", value = "cart_test"))
@WithTestResource(KafkaBrokerResource.class)
class OrderWatchdogTest {
  public static class ShortDeadline implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("cart.checkout.reserve-within", "1s", "cart.checkout.answer-grace", "0s",
          "cart.checkout.watchdog-interval", "200ms", "cart.checkout.collect-within", "2s");
    }
  }

  @Inject
  Json json;

  @Test
  void shouldRejectAnOrderNobodyAnsweredInTimeAndIgnoreALateConfirmation() {
    String beer = CartApi.product(450);
    String cart = CartApi.createCart("kim");
    CartApi.add(cart, beer, 1).then().statusCode(200);

    String orderId = placeOrder(cart);

    await().atMost(Duration.ofSeconds(20)).until(() -> order(orderId).getString("status").equals("rejected"));
    assertThat(order(orderId).getString("history[1].reason")).isEqualTo("expired");
    assertThat(cart(cart).getString("status")).isEqualTo("open");
    assertThat(Orders.orderEvents(orderId, 2, Duration.ofSeconds(20))).extracting(r -> r.header("ce_type"))
        .containsExactly("order.placed.v1", "order.rejected.v1");

    new Orders(json).reserved(orderId);
    assertThat(Orders.orderEvents(orderId, 3, Duration.ofSeconds(3))).as("nothing more").hasSize(2);
    assertThat(order(orderId).getString("status")).isEqualTo("rejected");
    assertThat(cart(cart).getString("status")).isEqualTo("open");
  }

  @Test
  void shouldCancelAConfirmedOrderNobodyCollectedSoItsStockIsReleased() {
    String beer = CartApi.product(450);
    String cart = CartApi.createCart("kim");
    CartApi.add(cart, beer, 1).then().statusCode(200);
    String orderId = placeOrder(cart);
    new Orders(json).reserved(orderId);
    await().atMost(Duration.ofSeconds(20)).until(() -> order(orderId).getString("status").equals("confirmed"));

    await().atMost(Duration.ofSeconds(20)).until(() -> order(orderId).getString("status").equals("cancelled"));
    assertThat(order(orderId).getList("history.reason")).last().isEqualTo("not-collected");
    assertThat(Orders.orderEvents(orderId, 3, Duration.ofSeconds(20))).extracting(r -> r.header("ce_type"))
        .containsExactly("order.placed.v1", "order.confirmed.v1", "order.cancelled.v1");
    assertThat(cart(cart).getString("status")).as("the cart stays checked out").isEqualTo("checked-out");
  }
}
