package shop.cart;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import shop.cart.service.AbandonmentJob;
import shop.events.Topics;
import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.KafkaTopicReader;
import shop.testsupport.KafkaTopicReader.Received;
import shop.testsupport.PostgresDatabaseResource;

/**
 * What leaves cart-service and what its store keeps: cart-events on Kafka with ce_sequence = version, snapshots that
 * change nothing observable, the catalogue consumer's idempotence and dead letters, abandonment exactly once.
 */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "database", value = "cart_test"))
@WithTestResource(KafkaBrokerResource.class)
class CartEventsTest {
  @Inject
  Pool pool;
  @Inject
  AbandonmentJob abandonment;

  @Test
  void shouldPublishEveryCartEventInOrderWithItsVersion() {
    String beer = CartApi.product(450);
    String cart = CartApi.createCart("gina");
    CartApi.add(cart, beer, 1).then().statusCode(200);
    CartApi.add(cart, beer, 2).then().statusCode(200);
    given().delete("/carts/" + cart + "/items").then().statusCode(200);

    List<Received> records = read(Topics.CART_EVENTS, cart, 4);
    assertThat(records).extracting(r -> r.header("ce_type"), r -> r.header("ce_sequence"), r -> r.header("ce_source"))
        .containsExactly(org.assertj.core.groups.Tuple.tuple("cart.created.v1", "1", "/cart-service"),
            org.assertj.core.groups.Tuple.tuple("cart.item-added.v1", "2", "/cart-service"),
            org.assertj.core.groups.Tuple.tuple("cart.item-added.v1", "3", "/cart-service"),
            org.assertj.core.groups.Tuple.tuple("cart.cleared.v1", "4", "/cart-service"));
    assertThat(records.get(2).value()).contains("\"quantity\":2", "\"line\":{\"productId\":\"" + beer);
    assertThat(records).allSatisfy(r -> assertThat(r.header("ce_subject")).isEqualTo(cart));
  }

  @Test
  void shouldAnswerTheSameWithOrWithoutSnapshots() {
    String beer = CartApi.product(450);
    String wine = CartApi.product(900);
    String cart = CartApi.createCart("hugo");
    for (int i = 0; i < 22; i++) {
      CartApi.add(cart, i % 2 == 0 ? beer : wine, 1).then().statusCode(200);
    }
    given().contentType("application/json").body("{\"quantity\":3}").put("/carts/" + cart + "/items/" + beer)
        .then().statusCode(200);
    assertThat(count("select count(*) from cart_snapshot where cart_id = $1 and version = 20", cart)).isEqualTo(1);
    String withSnapshot = given().get("/carts/" + cart).then().statusCode(200).extract().asString();

    pool.query("delete from cart_snapshot").execute().await().indefinitely();

    assertThat(given().get("/carts/" + cart).then().statusCode(200).extract().asString()).isEqualTo(withSnapshot);
    assertThat(withSnapshot).contains("\"version\":24", "\"itemCount\":14");
  }

  @Test
  void shouldKeepTheCatalogueIdempotentAndDeadLetterPoison() {
    String id = CartApi.unique("p");
    CartApi.publishProduct(id, "Stout", 500, true, 1);
    CartApi.awaitCatalogue(id, 500);
    CartApi.publishProduct(id, "Stout", 550, true, 3);
    CartApi.awaitCatalogue(id, 550);
    // a late, older version and a redelivery change nothing
    CartApi.publishProduct(id, "Stout", 999, true, 2);
    CartApi.publishProduct(id, "Stout", 550, true, 3);
    // poison: not JSON, then a record without CloudEvents headers
    CartApi.publish(Topics.PRODUCT_EVENTS, id, "product.updated.v1", "{not json");
    CartApi.publish(Topics.PRODUCT_EVENTS, id, null, "{}");
    // the consumer keeps going: a later version still applies
    CartApi.publishProduct(id, "Stout", 600, true, 4);
    CartApi.awaitCatalogue(id, 600);
    assertThat(count("select version from catalogue_product where product_id = $1", id)).isEqualTo(4);
    List<Received> dead = read(Topics.deadLetter(Topics.PRODUCT_EVENTS), id, 2);
    assertThat(dead).extracting(Received::value).containsExactly("{not json", "{}");
    assertThat(dead.get(0).header("dead-letter-reason")).isNotBlank();
  }

  @Test
  void shouldReadTheProducersContractFixture() throws Exception {
    // the events module's example payload of product.created.v1, as stock-service publishes it
    String fixture;
    try (var in = shop.events.EventCatalog.class.getResourceAsStream("/examples/product.created.v1.json")) {
      fixture = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(fixture).get("productId").asText();
    CartApi.publish(Topics.PRODUCT_EVENTS, id, "product.created.v1", fixture);
    CartApi.awaitCatalogue(id, 450);
  }

  @Test
  void shouldAbandonAnIdleCartExactlyOnce() {
    String beer = CartApi.product(450);
    String cart = CartApi.createCart("ines");
    CartApi.add(cart, beer, 1).then().statusCode(200);
    pool.preparedQuery("update cart set last_activity_at = now() - interval '2 hours' where cart_id = $1")
        .execute(Tuple.of(cart)).await().indefinitely();

    // two instances' jobs at once
    var first = abandonment.abandonIdleCarts().subscribeAsCompletionStage();
    var second = abandonment.abandonIdleCarts().subscribeAsCompletionStage();
    first.join();
    second.join();

    given().get("/carts/" + cart + "/history").then().body("type.findAll { it == 'cart.abandoned.v1' }.size()",
        org.hamcrest.Matchers.equalTo(1));
    given().get("/carts/" + cart).then().body("status", org.hamcrest.Matchers.equalTo("abandoned"));
    CartApi.add(cart, beer, 1).then().statusCode(409).body("code", org.hamcrest.Matchers.equalTo("cart-closed"));
    assertThat(read(Topics.CART_EVENTS, cart, 3).get(2).header("ce_type")).isEqualTo("cart.abandoned.v1");
  }

  private long count(String sql, String arg) {
    var rows = pool.preparedQuery(sql).execute(Tuple.of(arg)).await().indefinitely();
    return rows.size() == 0 ? 0 : rows.iterator().next().getLong(0);
  }

  private static List<Received> read(String topic, String key, int atLeast) {
    String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    try (KafkaTopicReader reader = new KafkaTopicReader(bootstrap, topic)) {
      return reader.pollUntil(seen -> seen.stream().filter(r -> key.equals(r.key())).count() >= atLeast,
          Duration.ofSeconds(20)).stream().filter(r -> key.equals(r.key()))
          .sorted(Comparator.comparingLong(Received::offset)).toList();
    }
  }
}
