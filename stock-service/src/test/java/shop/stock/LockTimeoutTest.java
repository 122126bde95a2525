package shop.stock;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import shop.events.OrderEvent;
import shop.events.Topics;
import shop.platform.Json;
import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.PostgresDatabaseResource;

/**
 * A stock row locked for longer than lock_timeout (2 s): a sale is answered 503 + Retry-After and never hangs; an
 * order waiting for it is retried by the consumer until the lock goes, never dead-lettered.
 */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "database", value = "stock_test"))
@WithTestResource(KafkaBrokerResource.class)
class LockTimeoutTest {
  @Inject
  Pool pool;
  @Inject
  Json json;

  @Test
  void shouldAnswer503WithRetryAfterWhenTheStockRowStaysLocked() {
    StockApi.Shelf shelf = StockApi.shelf(450, 5);
    // given another transaction holds the stock row
    SqlConnection holder = pool.getConnection().await().indefinitely();
    try {
      holder.query("begin").execute().await().indefinitely();
      holder.preparedQuery("select * from stock_level where location_id = $1 and product_id = $2 for update")
          .execute(Tuple.of(shelf.location(), shelf.product())).await().indefinitely();

      // when a sale of it arrives
      long start = System.nanoTime();
      Response r = given().contentType(ContentType.JSON).body(StockApi.items(shelf.product(), "1"))
          .post("/locations/" + shelf.location() + "/sales");
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      // then it is told to come back, after about the lock timeout
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.jsonPath().getString("code")).isEqualTo("unavailable");
      assertThat(r.header("Retry-After")).isEqualTo("1");
      // at least the 2 s lock timeout (less its rounding); the upper bound only catches a hang, not a slow machine
      assertThat(took).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(10));
    } finally {
      holder.query("rollback").execute().await().indefinitely();
      holder.closeAndAwait();
    }
    // and nothing was sold
    assertThat(StockApi.onHand(shelf.location(), shelf.product())).isEqualTo(5);
    given().get("/locations/" + shelf.location() + "/sales").then().statusCode(200)
        .body("total", org.hamcrest.Matchers.equalTo(0));
  }

  @Test
  void shouldRetryAnOrderWhoseStockRowStaysLockedAndNeverDeadLetterIt() {
    StockApi.Shelf shelf = StockApi.shelf(450, 5);
    OrderReservations orders = new OrderReservations(json);
    OrderEvent.Placed order = orders.order(shelf.location(), shelf.product(), 2);
    // given another transaction holds the stock row for longer than two lock timeouts
    SqlConnection holder = pool.getConnection().await().indefinitely();
    try {
      holder.query("begin").execute().await().indefinitely();
      holder.preparedQuery("select * from stock_level where location_id = $1 and product_id = $2 for update")
          .execute(Tuple.of(shelf.location(), shelf.product())).await().indefinitely();

      // when the order arrives, it cannot be answered while the row stays locked
      orders.publish(order);
      assertThat(OrderReservations.received(Topics.RESERVATION_EVENTS, order.orderId(), 1, Duration.ofSeconds(5)))
          .isEmpty();
    } finally {
      holder.query("rollback").execute().await().indefinitely();
      holder.closeAndAwait();
    }
    // then once the lock is gone the order is held, and nothing went to the dead-letter topic
    assertThat(OrderReservations.answer(order.orderId()).header("ce_type")).isEqualTo(OrderReservations.CONFIRMED);
    ReservationsTest.assertLevel(shelf.location(), shelf.product(), 5, 2, 3);
    assertThat(OrderReservations.received(Topics.deadLetter(Topics.ORDER_EVENTS), order.orderId(), 1,
        Duration.ofSeconds(2))).isEmpty();
  }
}
