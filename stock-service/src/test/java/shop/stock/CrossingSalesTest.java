package shop.stock;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.PostgresDatabaseResource;

/** Multi-item sales naming the same products in opposite orders lock rows in one order: no deadlock, no timeout. */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "database", value = "stock_test"))
@WithTestResource(KafkaBrokerResource.class)
class CrossingSalesTest {

  @Test
  void shouldNeverDeadlockWhenSalesCrossProductOrder() throws Exception {
    // given three products with plenty of stock
    String bar = StockApi.createLocation();
    String a = StockApi.createProduct(100);
    String b = StockApi.createProduct(200);
    String c = StockApi.createProduct(300);
    for (String p : List.of(a, b, c)) {
      StockApi.count(bar, p, 10_000);
    }
    // when 150 sales name them in opposite orders, all at once
    List<CompletableFuture<HttpResponse<String>>> sales = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      sales.add(StockApi.postAsync("/locations/" + bar + "/sales", StockApi.items(a, "1", b, "2", c, "3"), null));
      sales.add(StockApi.postAsync("/locations/" + bar + "/sales", StockApi.items(c, "3", b, "2", a, "1"), null));
      sales.add(StockApi.postAsync("/locations/" + bar + "/sales", StockApi.items(b, "2", a, "1"), null));
    }
    CompletableFuture.allOf(sales.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    // then every one completed (no 503 from a lock timeout, no deadlock victim) and the stock adds up
    assertThat(sales).allSatisfy(f -> assertThat(f.join().statusCode()).as(f.join().body()).isEqualTo(201));
    assertThat(StockApi.onHand(bar, a)).isEqualTo(10_000 - 150);
    assertThat(StockApi.onHand(bar, b)).isEqualTo(10_000 - 300);
    assertThat(StockApi.onHand(bar, c)).isEqualTo(10_000 - 300);
  }
}
