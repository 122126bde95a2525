package shop.e2e.fault;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The locations and products a {@link Workload} runs on, created through stock-service with every product counted at
 * every location, and the counts recorded as the {@link Books}' initial figures.
 *
 * @param locations the location ids
 * @param products the product ids
 */
public record Fixture(List<String> locations, List<String> products) {

  /** Creates {@code locations} locations and {@code products} products, each counted at {@code onHand} everywhere. */
  public static Fixture create(Client stock, Books books, int locations, int products, long onHand) {
    List<String> locationIds = new ArrayList<>();
    for (int i = 1; i <= locations; i++) {
      locationIds.add(created(stock, books, "/locations", "{\"name\":\"Fault location " + i + "\"}"));
    }
    List<String> productIds = new ArrayList<>();
    for (int i = 1; i <= products; i++) {
      productIds.add(created(stock, books, "/products", "{\"sku\":\"fault-" + UUID.randomUUID()
          + "\",\"name\":\"Fault product " + i + "\",\"category\":\"fault\",\"price\":{\"amount\":" + (100 + i)
          + ",\"currency\":\"EUR\"}}"));
    }
    for (String l : locationIds) {
      for (String p : productIds) {
        succeeded(stock.send("PUT", "/locations/" + l + "/stock/" + p, "{\"onHand\":" + onHand + "}"), books);
        books.initial(l, p, onHand);
      }
    }
    return new Fixture(List.copyOf(locationIds), List.copyOf(productIds));
  }

  private static String created(Client stock, Books books, String path, String json) {
    return succeeded(stock.send("POST", path, json), books).json().getString("id");
  }

  private static Answer succeeded(Answer a, Books books) {
    if (!a.isSuccess()) {
      throw new IllegalStateException("setting up the fault workload: " + a.describe() + ": " + a.body());
    }
    books.answered(a);
    return a;
  }
}
