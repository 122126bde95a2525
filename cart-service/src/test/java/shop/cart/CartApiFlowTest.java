package shop.cart;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.PostgresDatabaseResource;

/** The cart-service contract of ../shared/API.md: commands, ETag / If-Match, history, time travel, merge. */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "database", value = "cart_test"))
@WithTestResource(KafkaBrokerResource.class)
class CartApiFlowTest {

  @Test
  void shouldRunACartThroughItsCommandsWithVersionsAsETags() {
    String beer = CartApi.product(450);
    String wine = CartApi.product(1200);
    Response created = given().contentType(ContentType.JSON)
        .body("{\"ownerId\":\"alice\",\"locationId\":\"shop-north\",\"currency\":\"EUR\"}").post("/carts");
    created.then().statusCode(201).header("ETag", "\"1\"").header("Location", containsString("/carts/"))
        .body("status", equalTo("open"), "version", equalTo(1), "itemCount", equalTo(0), "total.amount", equalTo(0));
    String cart = created.path("id");

    CartApi.add(cart, beer, 2).then().statusCode(200).header("ETag", "\"2\"")
        .body("lines[0].productId", equalTo(beer), "lines[0].unitPrice.amount", equalTo(450),
            "lines[0].lineTotal.amount", equalTo(900), "lines[0].name", equalTo("Product " + beer));
    CartApi.add(cart, beer, 3).then().statusCode(200).body("lines[0].quantity", equalTo(5));
    CartApi.add(cart, wine, 1).then().statusCode(200)
        .body("itemCount", equalTo(6), "total.amount", equalTo(5 * 450 + 1200), "version", equalTo(4));
    given().contentType(ContentType.JSON).body("{\"quantity\":1}").put("/carts/" + cart + "/items/" + beer)
        .then().statusCode(200).body("lines[0].quantity", equalTo(1));
    given().delete("/carts/" + cart + "/items/" + wine).then().statusCode(200).body("lines.size()", equalTo(1));
    given().delete("/carts/" + cart + "/items").then().statusCode(200).body("lines.size()", equalTo(0))
        .header("ETag", "\"7\"");

    given().get("/carts/" + cart).then().statusCode(200).header("ETag", "\"7\"").body("version", equalTo(7));
    given().get("/carts/" + cart + "/history").then().statusCode(200).body("type", contains("cart.created.v1",
        "cart.item-added.v1", "cart.item-added.v1", "cart.item-added.v1", "cart.item-quantity-changed.v1",
        "cart.item-removed.v1", "cart.cleared.v1"), "version", contains(1, 2, 3, 4, 5, 6, 7));
    given().get("/carts/" + cart + "?version=4").then().statusCode(200).header("ETag", "\"4\"")
        .body("itemCount", equalTo(6), "lines.productId", contains(beer, wine));
    given().get("/carts/" + cart + "?version=99").then().statusCode(404).body("code", equalTo("not-found"));
  }

  @Test
  void shouldRefuseAStaleIfMatchWithTheCurrentVersion() {
    String beer = CartApi.product(450);
    String cart = CartApi.createCart("bob");
    CartApi.add(cart, beer, 1).then().statusCode(200);
    given().contentType(ContentType.JSON).header("If-Match", "\"2\"").body(CartApi.item(beer, 1))
        .post("/carts/" + cart + "/items").then().statusCode(200).header("ETag", "\"3\"");
    given().contentType(ContentType.JSON).header("If-Match", "\"2\"").body(CartApi.item(beer, 1))
        .post("/carts/" + cart + "/items").then().statusCode(412).contentType("application/problem+json")
        .body("code", equalTo("version-conflict"), "currentVersion", equalTo(3));
    given().get("/carts/" + cart).then().body("lines[0].quantity", equalTo(2));
  }

  @Test
  void shouldReplayACommandRetriedWithItsIdempotencyKey() {
    String beer = CartApi.product(450);
    String cart = CartApi.createCart(null);
    Response first = given().contentType(ContentType.JSON).header("Idempotency-Key", "add-" + cart)
        .body(CartApi.item(beer, 2)).post("/carts/" + cart + "/items");
    Response retry = given().contentType(ContentType.JSON).header("Idempotency-Key", "add-" + cart)
        .body(CartApi.item(beer, 2)).post("/carts/" + cart + "/items");
    assertThat(retry.asString()).isEqualTo(first.asString());
    assertThat(retry.header("ETag")).isEqualTo(first.header("ETag")).isEqualTo("\"2\"");
    assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
    given().get("/carts/" + cart + "/history").then().body("size()", equalTo(2));
  }

  @Test
  void shouldMergeAGuestCartListingEveryAdjustment() {
    String beer = CartApi.product(450);
    String wine = CartApi.product(1200);
    String retired = CartApi.product(300);
    String mine = CartApi.createCart("carol");
    CartApi.add(mine, beer, 90).then().statusCode(200);
    String guest = CartApi.createCart(null);
    CartApi.add(guest, beer, 20).then().statusCode(200);
    CartApi.add(guest, wine, 1).then().statusCode(200);
    CartApi.add(guest, retired, 2).then().statusCode(200);
    CartApi.publishProduct(retired, "Retired", 300, false, 2);
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
        .until(() -> CartApi.add(CartApi.createCart(null), retired, 1).statusCode() == 422);

    given().contentType(ContentType.JSON)
        .body("{\"sourceCartId\":\"" + guest + "\",\"sourceCartToken\":\"" + CartSessions.tokenOf(guest) + "\"}")
        .post("/carts/" + mine + "/merge")
        .then().statusCode(200)
        .body("lines.productId", contains(beer, wine), "lines.quantity", contains(99, 1),
            "adjustments.productId", contains(beer, retired),
            "adjustments.reason", contains("capped", "product-unavailable"),
            "adjustments.requested", contains(110, 2), "adjustments.applied", contains(99, 0));
    given().get("/carts/" + guest).then().body("status", equalTo("merged"));
    CartApi.add(guest, beer, 1).then().statusCode(409).body("code", equalTo("cart-closed"));
    given().contentType(ContentType.JSON).body("{\"sourceCartId\":\"" + mine + "\"}").post("/carts/" + mine + "/merge")
        .then().statusCode(422).body("code", equalTo("merge-refused"));
    String daves = CartApi.createCart("dave");
    // another customer's cart cannot be merged, and carol is not even told it exists
    given().contentType(ContentType.JSON).body("{\"sourceCartId\":\"" + daves + "\"}").post("/carts/" + mine + "/merge")
        .then().statusCode(404).body("code", equalTo("not-found"));
  }

  @Test
  void shouldRefuseUnknownOrRetiredProductsAndBadInputWithoutAppending() {
    String cart = CartApi.createCart(null);
    CartApi.add(cart, "no-such-product", 1).then().statusCode(422).body("code", equalTo("unknown-product"));
    String beer = CartApi.product(450);
    CartApi.add(cart, beer, 100).then().statusCode(422).body("code", equalTo("limit-exceeded"));
    for (String body : List.of("{\"productId\":\"" + beer + "\",\"quantity\":0}",
        "{\"productId\":\"" + beer + "\",\"quantity\":1.5}", "{\"productId\":\"" + beer + "\",\"quantity\":\"2\"}",
        "{\"quantity\":1}", "{\"productId\":\"" + beer + "\",\"quantity\":1,\"price\":1}", "{bad")) {
      given().contentType(ContentType.JSON).body(body).post("/carts/" + cart + "/items")
          .then().statusCode(400).contentType("application/problem+json");
    }
    given().contentType(ContentType.JSON).header("If-Match", "yesterday").body(CartApi.item(beer, 1))
        .post("/carts/" + cart + "/items").then().statusCode(400).body("code", equalTo("validation-failed"));
    CartApi.add("no-such-cart", beer, 1).then().statusCode(404).body("code", equalTo("not-found"));
    given().contentType(ContentType.JSON).body("{\"locationId\":\"shop-north\",\"currency\":\"eur\"}").post("/carts")
        .then().statusCode(400).body("errors[0].field", equalTo("currency"));
    // duplicate keys, trailing data, text PostgreSQL refuses: 400, never 500
    for (String[] bad : new String[][]{
        {"/carts", "{\"ownerId\":\"a\",\"ownerId\":\"b\",\"locationId\":\"shop-north\",\"currency\":\"EUR\"}",
            "malformed-request"},
        {"/carts", "{\"locationId\":\"shop-north\",\"currency\":\"EUR\",\"ownerId\":\"a\",\"ownerId\":\"b\"}",
            "malformed-request"},
        {"/carts", "{\"ownerId\":\"a\\u0000\",\"locationId\":\"shop-north\",\"currency\":\"EUR\"}",
            "validation-failed"},
        {"/carts/" + cart + "/items", "{\"productId\":\"" + beer + "\",\"quantity\":1}xyz", "malformed-request"},
        {"/carts/" + cart + "/items", "{\"productId\":\"\\u0000\",\"quantity\":1}", "validation-failed"},
        {"/carts/" + cart + "/merge", "{\"sourceCartId\":\"\\u0000\"}", "validation-failed"},
        {"/carts/%00/items", CartApi.item(beer, 1), "malformed-request"}}) {
      given().urlEncodingEnabled(false).contentType(ContentType.JSON).body(bad[1]).post(bad[0]).then()
          .statusCode(400).contentType("application/problem+json").body("code", equalTo(bad[2]));
    }
    for (String path : List.of("/carts/%00", "/carts/%00/summary", "/carts/%00/history")) {
      given().urlEncodingEnabled(false).get(path).then().statusCode(400).body("code", equalTo("malformed-request"));
    }
    given().get("/carts/" + cart + "/history").then().body("size()", equalTo(1));
  }
}
