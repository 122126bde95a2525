package shop.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import shop.events.EventTypes;
import shop.events.Topics;
import shop.platform.security.CartTokens;
import shop.testsupport.AccessRules;
import shop.testsupport.AccessRules.Answer;
import shop.testsupport.AccessRules.CartCredential;
import shop.testsupport.AccessRules.Credential;
import shop.testsupport.AccessRules.Rule;
import shop.testsupport.CloudEventProducer;
import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.PostgresDatabaseResource;
import shop.testsupport.RedisServerResource;
import shop.testsupport.TestTokens;

/**
 * Who may read what on projection-service, with real signed tokens over plain HTTP: catalogue, product pages, stock
 * availability and its stream are public (a bad token is not even looked at); lag and rebuilds are admins'; a cart
 * view opens to its owner's bearer token or its guest cart token only, and is 404 for anyone else; an order view also
 * to staff of its location; a customer's order list to that customer.
 */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "database", value = "projection_test"))
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(RedisServerResource.class)
class ProjectionAccessTest {
  static final CartTokens TOKENS = new CartTokens(List.of(TestTokens.CART_TOKEN_KEY));
  static String bar;
  static String beer;
  static String ownedCart;
  static String guestCart;
  static String ownedOrder;
  static String guestOrder;

  static synchronized void givenStockAndTwoCarts() {
    if (bar != null) {
      return;
    }
    bar = StockProjectionTest.id("bar");
    beer = StockProjectionTest.id("beer");
    StockProjectionTest.product(beer, "Pils", 1);
    StockProjectionTest.stock(bar, beer, 7, 1);
    ownedCart = CartViewProjectionTest.cartId();
    CartViewProjectionTest.created(ownedCart);
    guestCart = CartViewProjectionTest.cartId();
    CartViewProjectionTest.event(guestCart, EventTypes.CART_CREATED, 1,
        "{\"cartId\":\"" + guestCart + "\",\"locationId\":\"shop-north\",\"currency\":\"EUR\"}");
    ownedOrder = "order-" + UUID.randomUUID();
    guestOrder = "order-" + UUID.randomUUID();
    placed(ownedOrder, ownedCart, CartViewProjectionTest.OWNER);
    placed(guestOrder, guestCart, null);
    await().atMost(Duration.ofSeconds(20)).until(() -> StockProjectionTest.available(bar, beer) == 7
        && status("/products/" + beer, Map.of()) == 200
        && status("/carts/" + ownedCart, owner()) == 200
        && status("/carts/" + guestCart, Map.of("Cart-Token", TOKENS.issue(guestCart))) == 200
        && status("/orders/" + ownedOrder, owner()) == 200
        && status("/orders/" + guestOrder, Map.of("Cart-Token", TOKENS.issue(guestCart))) == 200);
  }

  record Row(String operation, Rule rule, int allowed, String path) {
  }

  static List<Row> rows() {
    return List.of(
        new Row("GET /products", Rule.PUBLIC, 200, "/products?q=pils"),
        new Row("GET /products/{productId}", Rule.PUBLIC, 200, "/products/{beer}"),
        new Row("GET /locations/{locationId}/stock", Rule.PUBLIC, 200, "/locations/{bar}/stock"),
        // a location without stock: 404 before the stream opens, for anyone (the stream itself: StockStreamTest)
        new Row("GET /locations/{locationId}/stock/stream", Rule.PUBLIC, 404, "/locations/nowhere/stock/stream"),
        new Row("GET /projections", Rule.ADMIN, 200, "/projections"),
        new Row("POST /projections/{name}/rebuild", Rule.ADMIN, 202, "/projections/popularity/rebuild"));
  }

  static Stream<Arguments> cells() {
    return AccessRules.cells(rows(), Row::operation, Credential.class);
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("cells")
  void everyEndpointAnswersEachCredentialByItsRule(String operation, Credential credential, Row row) {
    givenStockAndTwoCarts();
    Map<String, String> headers = new HashMap<>();
    String bearer = credential.bearer(bar);
    headers.put("Authorization", bearer == null ? null : "Bearer " + bearer);
    headers.put("Accept", operation.endsWith("stream") ? "text/event-stream" : null);
    String method = operation.split(" ")[0];

    Answer answer = AccessRules.send(method, row.path().replace("{beer}", beer).replace("{bar}", bar),
        method.equals("POST") ? "" : null, headers);

    int expected = row.rule().expected(credential, row.allowed());
    assertThat(answer.status()).as("%s as %s: %s", operation, credential, answer.body()).isEqualTo(expected);
    AccessRules.assertRefusal(answer, expected);
    if (answer.status() == 202) { // let the rebuild end before any other test rebuilds
      await().atMost(Duration.ofSeconds(60)).until(() -> !AccessRules.send("GET", "/projections", null,
          Map.of("Authorization", "Bearer " + TestTokens.admin())).body().contains("\"state\":\"running\""));
    }
  }

  static Stream<Arguments> cartCells() {
    List<Arguments> cells = new ArrayList<>();
    for (String path : List.of("/carts/{cart}", "/carts/{cart}/summary")) {
      for (CartCredential c : CartCredential.values()) {
        cells.add(Arguments.of(path, c));
      }
    }
    return cells.stream();
  }

  /** An order of {@code cart} (its owner's, or a guest's when null) placed at shop-north. */
  static void placed(String orderId, String cart, String owner) {
    CloudEventProducer.publish(Topics.ORDER_EVENTS, orderId, EventTypes.ORDER_PLACED, 1L, "{\"orderId\":\"" + orderId
        + "\",\"cartId\":\"" + cart + "\",\"cartVersion\":2," + (owner == null
            ? ""
            : "\"ownerId\":\"" + owner
                + "\",")
        + "\"locationId\":\"shop-north\",\"lines\":[{\"productId\":\"p\",\"name\":\"P\",\"quantity\":1,"
        + "\"unitPrice\":{\"amount\":100,\"currency\":\"EUR\"},\"lineTotal\":{\"amount\":100,\"currency\":"
        + "\"EUR\"}}],\"total\":{\"amount\":100,\"currency\":\"EUR\"},\"placedAt\":\"2026-12-01T18:30:00Z\","
        + "\"reserveBy\":\"2026-12-01T18:32:00Z\"}");
  }

  /** An order opens to the credentials of its cart and to staff of its location (and admins), as in cart-service. */
  @ParameterizedTest(name = "GET an order as {0}")
  @EnumSource(CartCredential.class)
  void anOrderViewOpensToItsCartsCredentialsAndItsLocationsStaff(CartCredential credential) {
    givenStockAndTwoCarts();
    String other = TOKENS.issue("another-cart");
    int expected = credential == CartCredential.STAFF || credential == CartCredential.ADMIN
        ? 200
        : credential.expected(200);

    Answer owned = AccessRules.send("GET", "/orders/" + ownedOrder, null,
        credential.headers(CartViewProjectionTest.OWNER, null, other));
    Answer guest = AccessRules.send("GET", "/orders/" + guestOrder, null,
        credential.headers(null, TOKENS.issue(guestCart), other));

    assertThat(owned.status()).as("owned order as %s: %s", credential, owned.body()).isEqualTo(expected);
    assertThat(guest.status()).as("guest order as %s: %s", credential, guest.body()).isEqualTo(expected);
    AccessRules.assertRefusal(owned, owned.status());
    AccessRules.assertRefusal(guest, guest.status());
  }

  @Test
  void aCustomersOrdersAreForThatCustomerOnly() {
    givenStockAndTwoCarts();
    String path = "/customers/" + CartViewProjectionTest.OWNER + "/orders";
    assertThat(AccessRules.send("GET", path, null, Map.of()).status()).isEqualTo(401);
    assertThat(AccessRules.send("GET", path, null, bearer(TestTokens.expired())).status()).isEqualTo(401);
    Answer mallory = AccessRules.send("GET", path, null, bearer(TestTokens.customer("mallory")));
    assertThat(mallory.status()).isEqualTo(403);
    AccessRules.assertRefusal(mallory, 403);
    assertThat(AccessRules.send("GET", path, null, bearer(TestTokens.staff("shop-north"))).status()).isEqualTo(403);
    Answer own = AccessRules.send("GET", path, null, owner());
    assertThat(own.status()).isEqualTo(200);
    assertThat(JsonPath.from(own.body()).getList("items.id")).contains(ownedOrder).doesNotContain(guestOrder);
    assertThat(AccessRules.send("GET", path, null, bearer(TestTokens.admin())).status()).isEqualTo(403);
  }

  @ParameterizedTest(name = "GET {0} as {1}")
  @MethodSource("cartCells")
  void aCartViewOpensToItsOwnerOrItsTokenOnly(String path, CartCredential credential) {
    givenStockAndTwoCarts();
    String other = TOKENS.issue("another-cart");

    Answer owned = AccessRules.send("GET", path.replace("{cart}", ownedCart), null,
        credential.headers(CartViewProjectionTest.OWNER, null, other));
    Answer guest = AccessRules.send("GET", path.replace("{cart}", guestCart), null,
        credential.headers(null, TOKENS.issue(guestCart), other));

    assertThat(owned.status()).as("owned cart as %s: %s", credential, owned.body()).isEqualTo(credential.expected(200));
    assertThat(guest.status()).as("guest cart as %s: %s", credential, guest.body()).isEqualTo(credential.expected(200));
    AccessRules.assertRefusal(owned, owned.status());
    AccessRules.assertRefusal(guest, guest.status());
  }

  @Test
  void waitingForAVersionTellsNothingAboutSomeoneElsesCart() {
    givenStockAndTwoCarts();
    Map<String, String> mallory = bearer(TestTokens.customer("mallory"));

    // kim's cart is at version 1: a stranger asking for it at version 1 waits as long as for a cart that does not
    // exist (the read-your-writes wait, 2 s), so the time of the 404 does not tell that it exists
    long started = System.nanoTime();
    Answer existing = AccessRules.send("GET", "/carts/" + ownedCart + "?minVersion=1", null, mallory);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(existing.status()).isEqualTo(404);
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    // ... and at a version it never reaches: the whole wait runs out on reads, then the same 404 (it was a 500)
    Answer unreached = AccessRules.send("GET", "/carts/" + ownedCart + "?minVersion=9", null, mallory);
    assertThat(unreached.status()).isEqualTo(404);
    // no credential at all opens no cart: refused without reading or waiting
    assertThat(AccessRules.send("GET", "/carts/" + ownedCart + "?minVersion=5", null, Map.of()).status())
        .isEqualTo(404);
  }

  @Test
  void theOwnerOpensNoGuestCartAndAValidTokenOpensNoOwnedCart() {
    givenStockAndTwoCarts();

    assertThat(status("/carts/" + guestCart, owner())).isEqualTo(404);
    assertThat(status("/carts/" + ownedCart, Map.of("Cart-Token", TOKENS.issue(ownedCart)))).isEqualTo(404);
  }

  @Test
  void everyDocumentedEndpointIsInTheTables() {
    Set<String> inTables = new TreeSet<>(rows().stream().map(Row::operation).toList());
    inTables.addAll(List.of("GET /carts/{cartId}", "GET /carts/{cartId}/summary", "GET /orders/{orderId}",
        "GET /customers/{ownerId}/orders"));
    assertThat(inTables).isEqualTo(AccessRules.documentedOperations());
  }

  private static Map<String, String> owner() {
    return bearer(TestTokens.customer(CartViewProjectionTest.OWNER));
  }

  private static Map<String, String> bearer(String token) {
    return Map.of("Authorization", "Bearer " + token);
  }

  private static int status(String path, Map<String, String> headers) {
    return AccessRules.send("GET", path, null, headers).status();
  }
}
