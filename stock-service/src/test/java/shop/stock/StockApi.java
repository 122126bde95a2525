package shop.stock;

import static io.restassured.RestAssured.given;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.restassured.http.ContentType;

/** Test helper: drives stock-service over real HTTP, sequentially (RestAssured) or concurrently (HttpClient). */
public final class StockApi {
  private static final AtomicInteger SEQ = new AtomicInteger();

  private StockApi() {
  }

  /** A fresh unique id suffix, so tests never collide within a run. */
  public static String unique(String prefix) {
    return prefix + "-" + SEQ.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public static String createLocation() {
    String id = unique("loc");
    given().contentType(ContentType.JSON).body("{\"id\":\"" + id + "\",\"name\":\"Bar " + id + "\"}")
        .post("/locations").then().statusCode(201);
    return id;
  }

  public static String createProduct(long priceCents) {
    String sku = unique("sku");
    return given().contentType(ContentType.JSON)
        .body("{\"sku\":\"" + sku + "\",\"name\":\"Product " + sku + "\",\"category\":\"beer\","
            + "\"price\":{\"amount\":" + priceCents + ",\"currency\":\"EUR\"}}")
        .post("/products").then().statusCode(201).extract().path("id");
  }

  public static void count(String location, String product, long onHand) {
    given().contentType(ContentType.JSON).body("{\"onHand\":" + onHand + "}")
        .put("/locations/" + location + "/stock/" + product).then().statusCode(200);
  }

  /** A location and a product priced {@code priceCents} with {@code onHand} units there. */
  public record Shelf(String location, String product) {
  }

  public static Shelf shelf(long priceCents, long onHand) {
    Shelf shelf = new Shelf(createLocation(), createProduct(priceCents));
    count(shelf.location(), shelf.product(), onHand);
    return shelf;
  }

  public static long onHand(String location, String product) {
    return ((Number) given().get("/locations/" + location + "/stock/" + product).then().statusCode(200).extract()
        .path("onHand")).longValue();
  }

  public static String items(String... productQuantityPairs) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < productQuantityPairs.length; i += 2) {
      lines.add("{\"productId\":\"" + productQuantityPairs[i] + "\",\"quantity\":" + productQuantityPairs[i + 1] + "}");
    }
    return "{\"items\":[" + String.join(",", lines) + "]}";
  }

  /** Sends a POST without waiting; the body is JSON. */
  public static CompletableFuture<HttpResponse<String>> postAsync(String path, String json, String idempotencyKey) {
    return shop.testsupport.Http.postAsync(path, json, java.util.Collections.singletonMap("Idempotency-Key",
        idempotencyKey));
  }
}
