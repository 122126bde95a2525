package shop.cart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import shop.testsupport.AccessRules;
import shop.testsupport.AccessRules.Answer;
import shop.testsupport.AccessRules.CartCredential;
import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.PostgresDatabaseResource;
import shop.testsupport.TestTokens;

/**
 * Who may touch a cart, with real signed tokens over plain HTTP: every cart endpoint × every credential, on a cart
 * with an owner and on a guest cart. Only the owner's bearer token or the guest cart's own token opens it; any other
 * credential is told the cart does not exist (404, no oracle), an invalid bearer token is 401. Plus: the owner of a
 * new cart is the token's subject, the takeover (claim the victim's ownerId, merge the victim's cart) fails, and an
 * Idempotency-Key never replays another caller's answer. Orders: the credentials of their cart, or staff of their
 * location.
 */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "database", value = "cart_test"))
@WithTestResource(KafkaBrokerResource.class)
class CartAccessTest {
  static String beer;

  static synchronized String beer() {
    if (beer == null) {
      beer = CartApi.product(450);
    }
    return beer;
  }

  /** One cart endpoint; {@code {cart}} and {@code {product}} are filled per call. */
  record Row(String operation, String path, String body, int allowed) {
  }

  static List<Row> rows() {
    return List.of(
        new Row("POST /carts/{cartId}/items", "/carts/{cart}/items", CartApi.item("{product}", 1), 200),
        new Row("PUT /carts/{cartId}/items/{productId}", "/carts/{cart}/items/{product}", "{\"quantity\":3}", 200),
        new Row("DELETE /carts/{cartId}/items/{productId}", "/carts/{cart}/items/{product}", null, 200),
        new Row("DELETE /carts/{cartId}/items", "/carts/{cart}/items", null, 200),
        new Row("POST /carts/{cartId}/merge", "/carts/{cart}/merge", "{merge}", 200),
        new Row("GET /carts/{cartId}", "/carts/{cart}", null, 200),
        new Row("GET /carts/{cartId}/history", "/carts/{cart}/history", null, 200),
        new Row("POST /carts/{cartId}/checkout", "/carts/{cart}/checkout", null, 202));
  }

  /** The order endpoints: who may do what, by credential, on an order of an owned or a guest cart. */
  static final List<String> ORDER_OPERATIONS = List.of("GET /orders/{orderId}", "POST /orders/{orderId}/cancel",
      "POST /orders/{orderId}/fulfil");

  static Stream<Arguments> orderCells() {
    List<Arguments> cells = new ArrayList<>();
    for (String op : ORDER_OPERATIONS) {
      for (CartCredential c : CartCredential.values()) {
        cells.add(Arguments.of(op, "owned", c));
        cells.add(Arguments.of(op, "guest", c));
      }
    }
    return cells.stream();
  }

  /**
   * The order's customer (the credentials of its cart) reads and cancels it; staff of its location and admins read
   * and fulfil it; one who sees it but may not act gets 403, anyone else 404, an invalid bearer token 401.
   */
  @ParameterizedTest(name = "{0} on an order of a {1} cart with {2}")
  @MethodSource("orderCells")
  void onlyTheCustomerOrTheLocationsStaffReachAnOrder(String operation, String kind, CartCredential credential) {
    String owner = kind.equals("owned") ? "owner-" + UUID.randomUUID() : null;
    String[] cart = owner != null ? ownedCart(owner) : guestCart();
    Map<String, String> own = owner != null
        ? Map.of("Authorization", "Bearer " + TestTokens.customer(owner))
        : Map.of("Cart-Token", cart[1]);
    Answer placed = AccessRules.send("POST", "/carts/" + cart[0] + "/checkout", null, own);
    assertThat(placed.status()).as(placed.body()).isEqualTo(202);
    String orderId = JsonPath.from(placed.body()).getString("orderId");
    boolean badToken = credential.expected(200) == 401;
    boolean customer = credential == CartCredential.OWN;
    boolean staff = credential == CartCredential.STAFF || credential == CartCredential.ADMIN;
    int expected = badToken ? 401 : switch (operation.split(" ")[1]) {
      case "/orders/{orderId}/cancel" -> customer ? 200 : staff ? 403 : 404;
      case "/orders/{orderId}/fulfil" -> staff ? 200 : customer ? 403 : 404;
      default -> customer || staff ? 200 : 404;
    };
    if (expected == 200 && operation.startsWith("POST")) {
      confirm(orderId, own);
    }
    Map<String, String> headers = credential.headers(owner, cart[1], guestCart()[1]);
    headers.put("Idempotency-Key", UUID.randomUUID().toString());
    String before = AccessRules.send("GET", "/orders/" + orderId, null, own).body();

    Answer answer = AccessRules.send(operation.split(" ")[0],
        operation.split(" ")[1].replace("{orderId}", orderId), null, headers);

    assertThat(answer.status()).as("%s with %s: %s", operation, credential, answer.body()).isEqualTo(expected);
    AccessRules.assertRefusal(answer, expected);
    if (expected != 200) {
      assertThat(AccessRules.send("GET", "/orders/" + orderId, null, own).body()).as("a refused call changes nothing")
          .isEqualTo(before);
    }
  }

  /** stock-service's confirmation, played on the broker; waits until the order is confirmed. */
  private static void confirm(String orderId, Map<String, String> own) {
    shop.testsupport.CloudEventProducer.publish(shop.events.Topics.RESERVATION_EVENTS, orderId,
        shop.events.EventTypes.RESERVATION_CONFIRMED, "{\"orderId\":\"" + orderId
            + "\",\"locationId\":\"shop-north\",\"lines\":[],\"expiresAt\":null}");
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> JsonPath
        .from(AccessRules.send("GET", "/orders/" + orderId, null, own).body()).getString("status").equals("confirmed"));
  }

  static Stream<Arguments> cells() {
    List<Arguments> cells = new ArrayList<>();
    for (Row row : rows()) {
      for (CartCredential c : CartCredential.values()) {
        cells.add(Arguments.of(row.operation(), "owned", c, row));
        cells.add(Arguments.of(row.operation(), "guest", c, row));
      }
    }
    return cells.stream();
  }

  @ParameterizedTest(name = "{0} on a {1} cart with {2}")
  @MethodSource("cells")
  void onlyTheOwnerOrTheCartTokenOpensACart(String operation, String kind, CartCredential credential, Row row) {
    String product = beer();
    String owner = kind.equals("owned") ? "owner-" + UUID.randomUUID() : null;
    String[] cart = owner != null ? ownedCart(owner) : guestCart();
    String body = row.body();
    if ("{merge}".equals(body)) {
      String[] source = owner != null ? ownedCart(owner) : guestCart();
      body = "{\"sourceCartId\":\"" + source[0] + "\"" + (owner != null
          ? ""
          : ",\"sourceCartToken\":\"" + source[1]
              + "\"")
          + "}";
    } else if (body != null) {
      body = body.replace("{product}", product);
    }
    Map<String, String> headers = credential.headers(owner, cart[1], guestCart()[1]);
    headers.put("Idempotency-Key", UUID.randomUUID().toString());
    long versionBefore = version(cart, owner);

    Answer answer = AccessRules.send(method(row), row.path().replace("{cart}", cart[0]).replace("{product}", product),
        body, headers);

    int expected = credential.expected(row.allowed());
    assertThat(answer.status()).as("%s on a %s cart with %s: %s", operation, kind, credential, answer.body())
        .isEqualTo(expected);
    AccessRules.assertRefusal(answer, expected);
    if (expected >= 400) {
      assertThat(version(cart, owner)).as("a refused call changes nothing").isEqualTo(versionBefore);
    }
  }

  @Test
  void everyDocumentedEndpointIsInTheTable() {
    Set<String> inTable = new TreeSet<>(rows().stream().map(Row::operation).toList());
    inTable.add("POST /carts"); // creation: its own tests below
    inTable.addAll(ORDER_OPERATIONS);
    assertThat(inTable).isEqualTo(AccessRules.documentedOperations());
  }

  @Test
  void theOwnerOfANewCartIsTheTokensSubjectNeverTheBody() {
    String body = "{\"ownerId\":\"victim\",\"locationId\":\"shop-north\",\"currency\":\"EUR\"}";
    Answer anonymous = AccessRules.send("POST", "/carts", body, Map.of());
    Answer someoneElse = AccessRules.send("POST", "/carts", body,
        Map.of("Authorization", "Bearer " + TestTokens.customer("mallory")));
    Answer badToken = AccessRules.send("POST", "/carts", body,
        Map.of("Authorization", "Bearer " + TestTokens.expired()));
    Answer theVictim = AccessRules.send("POST", "/carts", body,
        Map.of("Authorization", "Bearer " + TestTokens.customer("victim")));
    Answer implicit = AccessRules.send("POST", "/carts", "{\"locationId\":\"shop-north\",\"currency\":\"EUR\"}",
        Map.of("Authorization", "Bearer " + TestTokens.customer("zoe")));
    Answer guest = AccessRules.send("POST", "/carts", "{\"locationId\":\"shop-north\",\"currency\":\"EUR\"}",
        Map.of());
    Answer staff = AccessRules.send("POST", "/carts", "{\"locationId\":\"shop-north\",\"currency\":\"EUR\"}",
        Map.of("Authorization", "Bearer " + TestTokens.staff("shop-north")));

    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(someoneElse.status()).isEqualTo(403);
    assertThat(someoneElse.body()).contains("\"code\":\"forbidden\"");
    assertThat(badToken.status()).isEqualTo(401);
    assertThat(theVictim.status()).isEqualTo(201);
    assertThat(JsonPath.from(theVictim.body()).getString("ownerId")).isEqualTo("victim");
    assertThat(theVictim.header("Cart-Token")).as("an owned cart needs no cart token").isNull();
    assertThat(JsonPath.from(implicit.body()).getString("ownerId")).isEqualTo("zoe");
    assertThat(guest.status()).isEqualTo(201);
    assertThat(JsonPath.from(guest.body()).getString("ownerId")).isNull();
    assertThat(guest.header("Cart-Token")).startsWith("v1.");
    assertThat(staff.status()).as("work tokens do not own carts").isEqualTo(403);
  }

  @Test
  void theCartTakeoverFails() {
    String victimToken = "Bearer " + TestTokens.customer("victim-2");
    String[] victims = ownedCart("victim-2");
    AccessRules.send("POST", "/carts/" + victims[0] + "/items", CartApi.item(beer(), 2),
        Map.of("Authorization", victimToken));
    long before = version(victims, "victim-2");

    // 1. a cart claiming the victim's ownerId: refused with or without the attacker's own token
    Answer claimed = AccessRules.send("POST", "/carts",
        "{\"ownerId\":\"victim-2\",\"locationId\":\"shop-north\",\"currency\":\"EUR\"}", Map.of());
    assertThat(claimed.status()).isEqualTo(401);
    // 2. the attacker's own cart, then a merge of the victim's cart into it
    String[] attackers = ownedCart("mallory");
    Answer merge = AccessRules.send("POST", "/carts/" + attackers[0] + "/merge",
        "{\"sourceCartId\":\"" + victims[0] + "\"}", Map.of("Authorization", "Bearer " + TestTokens.customer("mallory"),
            "Idempotency-Key", UUID.randomUUID().toString()));
    assertThat(merge.status()).isEqualTo(404);
    // with a forged or another cart's token as sourceCartToken, too
    Answer forged = AccessRules.send("POST", "/carts/" + attackers[0] + "/merge",
        "{\"sourceCartId\":\"" + victims[0] + "\",\"sourceCartToken\":\"" + guestCart()[1] + "\"}",
        Map.of("Authorization", "Bearer " + TestTokens.customer("mallory")));
    assertThat(forged.status()).isEqualTo(404);

    Answer victimsView = AccessRules.send("GET", "/carts/" + victims[0], null, Map.of("Authorization", victimToken));
    assertThat(JsonPath.from(victimsView.body()).getString("status")).isEqualTo("open");
    assertThat(JsonPath.from(victimsView.body()).getLong("version")).isEqualTo(before);
  }

  @Test
  void aGuestCartIsMergedOnlyWithItsOwnToken() {
    String[] victims = guestCart();
    String[] mallorys = ownedCart("mallory");
    Map<String, String> mallory = Map.of("Authorization", "Bearer " + TestTokens.customer("mallory"));
    String merge = "/carts/" + mallorys[0] + "/merge";

    for (String token : new String[]{null, guestCart()[1], "v1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}) {
      String body = "{\"sourceCartId\":\"" + victims[0] + "\""
          + (token == null ? "" : ",\"sourceCartToken\":\"" + token + "\"") + "}";
      Answer refused = AccessRules.send("POST", merge, body, mallory);
      assertThat(refused.status()).as("source token %s", token).isEqualTo(404);
    }
    Answer victimsCart = AccessRules.send("GET", "/carts/" + victims[0], null, Map.of("Cart-Token", victims[1]));
    assertThat(JsonPath.from(victimsCart.body()).getString("status")).isEqualTo("open");

    // the guest who logs in as mallory brings the cart over with its token
    Answer merged = AccessRules.send("POST", merge,
        "{\"sourceCartId\":\"" + victims[0] + "\",\"sourceCartToken\":\"" + victims[1] + "\"}", mallory);
    assertThat(merged.status()).as(merged.body()).isEqualTo(200);
    assertThat(JsonPath.from(AccessRules.send("GET", "/carts/" + victims[0], null, Map.of("Cart-Token", victims[1]))
        .body()).getString("status")).isEqualTo("merged");
  }

  @Test
  void anIdempotencyKeyNeverReplaysAnotherCallersAnswer() {
    String key = UUID.randomUUID().toString();
    String[] alices = ownedCart("alice-idem");
    String alice = "Bearer " + TestTokens.customer("alice-idem");
    Answer first = AccessRules.send("POST", "/carts/" + alices[0] + "/items", CartApi.item(beer(), 1),
        Map.of("Authorization", alice, "Idempotency-Key", key));
    Answer replay = AccessRules.send("POST", "/carts/" + alices[0] + "/items", CartApi.item(beer(), 1),
        Map.of("Authorization", alice, "Idempotency-Key", key));
    assertThat(first.status()).isEqualTo(200);
    assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");

    // bob, sending alice's exact request and key, gets no replay of alice's cart: it is not his
    Answer bob = AccessRules.send("POST", "/carts/" + alices[0] + "/items", CartApi.item(beer(), 1),
        Map.of("Authorization", "Bearer " + TestTokens.customer("bob-idem"), "Idempotency-Key", key));
    assertThat(bob.status()).isEqualTo(404);
    assertThat(bob.header("Idempotent-Replayed")).isNull();
    assertThat(bob.body()).doesNotContain("lines").contains("\"code\":\"not-found\"");
    // nor does a guest without the cart's token
    Answer anonymous = AccessRules.send("POST", "/carts/" + alices[0] + "/items", CartApi.item(beer(), 1),
        Map.of("Idempotency-Key", key));
    assertThat(anonymous.status()).isEqualTo(404);

    // a guest's key is scoped to the cart whose token it holds
    String[] guest = guestCart();
    Answer g1 = AccessRules.send("POST", "/carts/" + guest[0] + "/items", CartApi.item(beer(), 1),
        Map.of("Cart-Token", guest[1], "Idempotency-Key", key));
    Answer g2 = AccessRules.send("POST", "/carts/" + guest[0] + "/items", CartApi.item(beer(), 1),
        Map.of("Cart-Token", guest[1], "Idempotency-Key", key));
    Answer stranger = AccessRules.send("POST", "/carts/" + guest[0] + "/items", CartApi.item(beer(), 1),
        Map.of("Cart-Token", guestCart()[1], "Idempotency-Key", key));
    assertThat(g1.status()).isEqualTo(200);
    assertThat(g2.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(stranger.status()).isEqualTo(404);
    // the beer guestCart() put there, and g1's: the replay added nothing
    assertThat(JsonPath.from(AccessRules.send("GET", "/carts/" + guest[0], null, Map.of("Cart-Token", guest[1]))
        .body()).getInt("itemCount")).isEqualTo(2);
  }

  // ------------------------------------------------------------------ helpers

  private static String method(Row row) {
    return row.operation().split(" ")[0];
  }

  /** {id, null}: a cart of {@code owner} holding one beer. */
  static String[] ownedCart(String owner) {
    Map<String, String> auth = Map.of("Authorization", "Bearer " + TestTokens.customer(owner));
    Answer created = AccessRules.send("POST", "/carts",
        "{\"locationId\":\"shop-north\",\"currency\":\"EUR\"}", auth);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = JsonPath.from(created.body()).getString("id");
    assertThat(AccessRules.send("POST", "/carts/" + id + "/items", CartApi.item(beer(), 1), auth).status())
        .isEqualTo(200);
    return new String[]{id, null};
  }

  /** {id, cart token}: a guest cart holding one beer. */
  static String[] guestCart() {
    Answer created = AccessRules.send("POST", "/carts", "{\"locationId\":\"shop-north\",\"currency\":\"EUR\"}",
        Map.of());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = JsonPath.from(created.body()).getString("id");
    String token = created.header("Cart-Token");
    assertThat(AccessRules.send("POST", "/carts/" + id + "/items", CartApi.item(beer(), 1),
        Map.of("Cart-Token", token)).status()).isEqualTo(200);
    return new String[]{id, token};
  }

  private static long version(String[] cart, String owner) {
    Map<String, String> own = owner != null
        ? Map.of("Authorization", "Bearer " + TestTokens.customer(owner))
        : Map.of("Cart-Token", cart[1]);
    return JsonPath.from(AccessRules.send("GET", "/carts/" + cart[0], null, own).body()).getLong("version");
  }
}
