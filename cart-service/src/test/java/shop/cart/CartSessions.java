package shop.cart;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.response.Response;

import shop.testsupport.TestAuth;
import shop.testsupport.TestTokens;

/**
 * Requests of this module's tests behave like a storefront's sessions unless a test sets its own credentials: a cart
 * created with an {@code ownerId} is created with that customer's bearer token, a guest cart's {@code Cart-Token} is
 * kept, and every later request on a cart, or on the order it was checked out as, carries what its creator held. Commands get a fresh Idempotency-Key. Who
 * may do what is {@link CartAccessTest}'s, over plain HTTP.
 */
public class CartSessions implements QuarkusTestBeforeEachCallback {
  private static final Pattern OWNER = Pattern.compile("\"ownerId\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern CART_PATH = Pattern.compile("/carts/([^/?]+)");
  private static final Pattern ORDER_PATH = Pattern.compile("/orders/([^/?]+)");
  /** cart id → the header a later request on it carries (name, value). */
  private static final Map<String, String[]> CREDENTIALS = new ConcurrentHashMap<>();

  @Override
  public void beforeEach(QuarkusTestMethodContext context) {
    Filter filter = (request, response, ctx) -> {
      boolean own = request.getHeaders().hasHeaderWithName("Authorization")
          || request.getHeaders().hasHeaderWithName("Cart-Token");
      String path = request.getURI();
      Matcher cart = CART_PATH.matcher(path);
      Matcher order = ORDER_PATH.matcher(path);
      String held = cart.find() ? cart.group(1) : order.find() ? order.group(1) : null;
      if (!own && held != null && CREDENTIALS.containsKey(held)) {
        String[] header = CREDENTIALS.get(held);
        request.header(header[0], header[1]);
      }
      String owner = null;
      if (!own && "POST".equals(request.getMethod()) && path.endsWith("/carts")
          && request.getBody() instanceof String body) {
        Matcher m = OWNER.matcher(body);
        if (m.find()) {
          owner = m.group(1);
          request.header("Authorization", "Bearer " + TestTokens.customer(owner));
        }
      }
      TestAuth.withIdempotencyKey(request);
      Response answer = ctx.next(request, response);
      if (!own && answer.statusCode() == 201 && path.endsWith("/carts")) {
        String id = answer.jsonPath().getString("id");
        CREDENTIALS.put(id, owner != null
            ? new String[]{"Authorization", "Bearer " + TestTokens.customer(owner)}
            : new String[]{"Cart-Token", answer.header("Cart-Token")});
      }
      if (answer.statusCode() == 202 && path.endsWith("/checkout") && held != null && CREDENTIALS.containsKey(held)) {
        // an order is seen with its cart's credentials
        CREDENTIALS.put(answer.jsonPath().getString("orderId"), CREDENTIALS.get(held));
      }
      return answer;
    };
    RestAssured.replaceFiltersWith(filter);
  }

  /** The cart token a guest cart was created with (for a merge's {@code sourceCartToken}). */
  public static String tokenOf(String cartId) {
    String[] header = CREDENTIALS.get(cartId);
    return header != null && header[0].equals("Cart-Token") ? header[1] : null;
  }

  /** The headers a request on {@code cartId} carries, for tests that send requests without RestAssured. */
  public static Map<String, String> credentialsOf(String cartId) {
    String[] header = CREDENTIALS.get(cartId);
    return header == null ? Map.of() : Map.of(header[0], header[1]);
  }
}
