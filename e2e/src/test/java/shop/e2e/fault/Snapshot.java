package shop.e2e.fault;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.restassured.path.json.JsonPath;

/**
 * The owning services' state of everything in the {@link Books}, read once the workload has stopped: stock levels
 * from stock-service, carts and orders from cart-service's event store. It is what Kafka and the read models must converge to.
 *
 * @param levels each stock level of the books
 * @param carts each cart of the books, by id
 * @param orders each order of the books, by id
 */
public record Snapshot(Map<Books.Level, LevelState> levels, Map<String, CartState> carts,
    Map<String, OrderState> orders) {

  /** An order's status and version as cart-service's event store has them. */
  public record OrderState(String status, long version) {
    static OrderState of(JsonPath order) {
      return new OrderState(order.getString("status"), order.getLong("version"));
    }
  }

  /** A stock level as {@code GET /locations/{l}/stock/{p}} answers it; {@code version} from its ETag. */
  public record LevelState(long onHand, long available, long version) {
  }

  /** A cart's version and its lines' quantities by product id. */
  public record CartState(long version, Map<String, Integer> lines) {
    static CartState of(JsonPath cart) {
      List<String> products = cart.getList("lines.productId", String.class);
      List<Number> quantities = cart.getList("lines.quantity", Number.class);
      Map<String, Integer> lines = new TreeMap<>();
      for (int i = 0; i < products.size(); i++) {
        lines.put(products.get(i), quantities.get(i).intValue());
      }
      return new CartState(cart.getLong("version"), lines);
    }
  }

  /** Reads every level and cart of the books; fails when an owner does not answer 200 within its client's deadline. */
  public static Snapshot take(Client stock, Client carts, Books books) {
    Map<Books.Level, LevelState> levels = new HashMap<>();
    for (Books.Level l : books.levels()) {
      Answer a = ok(stock.get("/locations/" + l.locationId() + "/stock/" + l.productId()));
      String etag = a.header("ETag").orElseThrow(() -> new IllegalStateException("no ETag: " + a.describe()));
      levels.put(l, new LevelState(a.json().getLong("onHand"), a.json().getLong("available"),
          Long.parseLong(etag.replace("W/", "").replace("\"", ""))));
    }
    Map<String, CartState> cartStates = new HashMap<>();
    for (String id : books.carts()) {
      cartStates.put(id, CartState.of(ok(carts.get("/carts/" + id)).json()));
    }
    Map<String, OrderState> orderStates = new HashMap<>();
    for (String id : books.orders()) {
      orderStates.put(id, OrderState.of(ok(carts.get("/orders/" + id)).json()));
    }
    return new Snapshot(Map.copyOf(levels), Map.copyOf(cartStates), Map.copyOf(orderStates));
  }

  private static Answer ok(Answer a) {
    if (a.status() != 200) {
      throw new IllegalStateException("the owner does not answer: " + a.describe() + ": " + a.body());
    }
    return a;
  }
}
