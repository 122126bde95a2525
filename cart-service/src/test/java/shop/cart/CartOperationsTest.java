package shop.cart;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.PostgresDatabaseResource;

/** What operators rely on: readiness over PostgreSQL and Kafka, the command metrics, the OpenAPI document. */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "database", value = "cart_test"))
@WithTestResource(KafkaBrokerResource.class)
class CartOperationsTest {

  @Test
  void shouldExposeHealthMetricsAndOpenApi() {
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"),
        "checks.name", hasItems("Reactive PostgreSQL connections health check", "Kafka"),
        "checks.find { it.name == 'Kafka' }.data.kafka", equalTo("up"));
    String beer = CartApi.product(450);
    String cart = CartApi.createCart("jules");
    CartApi.add(cart, beer, 1).then().statusCode(200);
    given().contentType(ContentType.JSON).header("If-Match", "\"1\"").body(CartApi.item(beer, 1))
        .post("/carts/" + cart + "/items").then().statusCode(412);

    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics).contains("cart_command_seconds_bucket", "command=\"addItem\"", "outcome=\"ok\"",
        "outcome=\"version-conflict\"", "cart_command_conflicts_total", "cart_catalogue_events_total",
        "outbox_publish_lag_seconds", "api_rejections_total{code=\"version-conflict\"}");
    given().get("/q/openapi?format=json").then().statusCode(200)
        .body(containsString("/carts/{cartId}/items"), containsString("/carts/{cartId}/history"),
            containsString("/carts/{cartId}/merge"));
  }
}
