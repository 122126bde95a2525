package shop.stock;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import shop.platform.command.IdempotencyPurge;
import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.PostgresDatabaseResource;

/** A retried command with the same Idempotency-Key is applied once; the same key with another body is refused. */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "database", value = "stock_test"))
@WithTestResource(KafkaBrokerResource.class)
class IdempotencyTest {
  @Inject
  Pool pool;
  @Inject
  IdempotencyPurge purge;

  @Test
  void shouldApplyARetriedSaleOnceAndReplayTheFirstResponse() {
    StockApi.Shelf shelf = StockApi.shelf(450, 10);
    String bar = shelf.location();
    String beer = shelf.product();
    String key = UUID.randomUUID().toString();
    String body = StockApi.items(beer, "3");

    Response first = sale(bar, key, body);
    Response retry = sale(bar, key, body);

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(retry.statusCode()).isEqualTo(201);
    assertThat(retry.asString()).isEqualTo(first.asString());
    assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
    assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(StockApi.onHand(bar, beer)).isEqualTo(7);
    given().get("/locations/" + bar + "/sales").then().body("total", equalTo(1));
  }

  @Test
  void shouldRefuseTheSameKeyWithAnotherBody() {
    StockApi.Shelf shelf = StockApi.shelf(450, 10);
    String bar = shelf.location();
    String beer = shelf.product();
    String key = UUID.randomUUID().toString();
    sale(bar, key, StockApi.items(beer, "1")).then().statusCode(201);

    sale(bar, key, StockApi.items(beer, "2"))
        .then().statusCode(422).contentType("application/problem+json").body("code", equalTo("idempotency-key-reused"));
    assertThat(StockApi.onHand(bar, beer)).isEqualTo(9);
  }

  @Test
  void shouldApplyOnceWhenTheSameKeyArrivesConcurrently() {
    StockApi.Shelf shelf = StockApi.shelf(450, 100);
    String bar = shelf.location();
    String beer = shelf.product();
    List<HttpResponse<String>> responses = race(bar, beer, "5");
    assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(201));
    assertThat(responses.stream().map(HttpResponse::body).distinct()).hasSize(1);
    assertThat(StockApi.onHand(bar, beer)).isEqualTo(95);
  }

  @Test
  void shouldReplayTheFirstSaleToRetriesRacingItForTheLastUnits() {
    // given 5 units
    StockApi.Shelf shelf = StockApi.shelf(450, 5);
    String bar = shelf.location();
    String beer = shelf.product();

    // when 20 copies of one request selling all 5 are sent at once
    List<HttpResponse<String>> responses = race(bar, beer, "5");

    // then the copies answer the first one's sale, none a 409 insufficient-stock for the shelf it emptied
    assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(201));
    assertThat(responses.stream().map(HttpResponse::body).distinct()).hasSize(1);
    assertThat(StockApi.onHand(bar, beer)).isZero();
    assertThat(pool.preparedQuery("select count(*) from sale where location_id = $1").execute(Tuple.of(bar))
        .await().indefinitely().iterator().next().getLong(0)).isEqualTo(1);
  }

  @Test
  void shouldForgetKeysAfterTheRetention() {
    StockApi.Shelf shelf = StockApi.shelf(450, 10);
    String bar = shelf.location();
    String beer = shelf.product();
    String key = UUID.randomUUID().toString();
    sale(bar, key, StockApi.items(beer, "1")).then().statusCode(201);
    // the key is 25 h old
    pool.preparedQuery("update idempotency_key set created_at = now() - interval '25 hours' where key = $1")
        .execute(Tuple.of(key)).await().indefinitely();

    purge.purge().await().indefinitely();

    assertThat(pool.preparedQuery("select count(*) from idempotency_key where key = $1").execute(Tuple.of(key))
        .await().indefinitely().iterator().next().getLong(0)).isZero();
  }

  @Test
  void shouldLetARefusedCommandBeRetriedWithItsKeyOnceStockArrives() {
    String bar = StockApi.createLocation();
    String beer = StockApi.createProduct(450);
    String key = UUID.randomUUID().toString();
    sale(bar, key, StockApi.items(beer, "2")).then().statusCode(409);
    StockApi.count(bar, beer, 2);
    sale(bar, key, StockApi.items(beer, "2")).then().statusCode(201);
    assertThat(StockApi.onHand(bar, beer)).isZero();
  }

  /** Sends 20 copies of one sale (one Idempotency-Key) at once and returns their answers. */
  private static List<HttpResponse<String>> race(String location, String product, String quantity) {
    String key = UUID.randomUUID().toString();
    List<CompletableFuture<HttpResponse<String>>> copies = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      copies.add(StockApi.postAsync("/locations/" + location + "/sales", StockApi.items(product, quantity), key));
    }
    return copies.stream().map(CompletableFuture::join).toList();
  }

  private static Response sale(String location, String key, String items) {
    return given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(items)
        .post("/locations/" + location + "/sales");
  }
}
