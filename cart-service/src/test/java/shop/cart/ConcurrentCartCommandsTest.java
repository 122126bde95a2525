package shop.cart;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import shop.testsupport.Http;
import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.PostgresDatabaseResource;

/** Many tabs hammer one cart: commuting adds all land; a stale If-Match lets exactly one writer win per version. */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "database", value = "cart_test"))
@WithTestResource(KafkaBrokerResource.class)
class ConcurrentCartCommandsTest {

  @Test
  void shouldKeepEveryConcurrentAddWithContiguousVersions() {
    List<String> products = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      products.add(CartApi.product(100 + i));
    }
    String cart = CartApi.createCart("erin");

    List<CompletableFuture<HttpResponse<String>>> adds = new ArrayList<>();
    for (String p : products) {
      adds.add(post(cart, "/carts/" + cart + "/items", CartApi.item(p, 1), null));
    }
    assertThat(adds).allSatisfy(f -> assertThat(f.join().statusCode()).as(f.join().body()).isEqualTo(200));

    JsonPath state = given().get("/carts/" + cart).then().statusCode(200).extract().jsonPath();
    assertThat(state.getList("lines.productId", String.class)).containsExactlyInAnyOrderElementsOf(products);
    assertThat(state.getLong("version")).isEqualTo(21);
    JsonPath history = given().get("/carts/" + cart + "/history").then().extract().jsonPath();
    assertThat(history.getList("version", Long.class)).containsExactlyElementsOf(
        LongStream.rangeClosed(1, 21).boxed().toList());
    assertThat(new HashSet<>(history.getList("id"))).hasSize(21);
  }

  @Test
  void shouldLetExactlyOneStaleIfMatchWriterWin() {
    List<String> products = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      products.add(CartApi.product(200 + i));
    }
    String cart = CartApi.createCart("frank");

    List<CompletableFuture<HttpResponse<String>>> adds = new ArrayList<>();
    for (String p : products) {
      adds.add(post(cart, "/carts/" + cart + "/items", CartApi.item(p, 1), "\"1\""));
    }
    List<Integer> statuses = adds.stream().map(f -> f.join().statusCode()).toList();
    assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
    assertThat(statuses).filteredOn(s -> s == 412).hasSize(9);
    assertThat(adds.stream().map(CompletableFuture::join).filter(r -> r.statusCode() == 412))
        .allSatisfy(r -> assertThat(r.body()).contains("\"code\":\"version-conflict\"", "\"currentVersion\":2"));
    given().get("/carts/" + cart).then().statusCode(200).body("version", org.hamcrest.Matchers.equalTo(2));
  }

  private static CompletableFuture<HttpResponse<String>> post(String cart, String path, String json, String ifMatch) {
    java.util.Map<String, String> headers = new java.util.HashMap<>(CartSessions.credentialsOf(cart));
    headers.put("If-Match", ifMatch);
    return Http.postAsync(path, json, headers);
  }
}
