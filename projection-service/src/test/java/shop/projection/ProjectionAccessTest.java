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
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import shop.events.EventTypes;
import shop.platform.security.CartTokens;
import shop.testsupport.AccessRules;
import shop.testsupport.AccessRules.Answer;
import shop.testsupport.AccessRules.CartCredential;
import shop.testsupport.AccessRules.Credential;
import shop.testsupport.AccessRules.Rule;
import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.PostgresDatabaseResource;
import shop.testsupport.RedisServerResource;
import shop.testsupport.TestTokens;

/**
 * Who may read what on projection-service, with real signed tokens over plain HTTP: catalogue, product pages, stock
 * availability and its stream are public (a bad token is not even looked at); lag and rebuilds are admins'; a cart
 * view opens to its owner's bearer token or its guest cart token only, and is 404 for anyone else.
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
    await().atMost(Duration.ofSeconds(20)).until(() -> StockProjectionTest.available(bar, beer) == 7
        && status("/products/" + beer, Map.of()) == 200
        && status("/carts/" + ownedCart, owner()) == 200
        && status("/carts/" + guestCart, Map.of("Cart-Token", TOKENS.issue(guestCart))) == 200);
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
    inTables.addAll(List.of("GET /carts/{cartId}", "GET /carts/{cartId}/summary"));
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
