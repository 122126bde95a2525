package shop.stock;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.PostgresDatabaseResource;

/** The "last bottle": two (here fifty) servers sell the last unit at the same moment; it is sold exactly once. */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "database", value = "stock_test"))
@WithTestResource(KafkaBrokerResource.class)
class LastBottleRaceTest {

  @Test
  void shouldSellTheLastBottleExactlyOnceUnderFiftyConcurrentSales() {
    String bar = StockApi.createLocation();
    for (int round = 0; round < 10; round++) {
      // given one bottle
      String bottle = StockApi.createProduct(1200);
      StockApi.count(bar, bottle, 1);
      // when 50 sales of it arrive at once
      List<CompletableFuture<HttpResponse<String>>> sales = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        sales.add(StockApi.postAsync("/locations/" + bar + "/sales", StockApi.items(bottle, "1"), null));
      }
      List<Integer> statuses = sales.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).toList();
      // then exactly one succeeds, every other one is told why, and the stock is 0, never negative
      assertThat(statuses).as("round %d", round).filteredOn(s -> s == 201).hasSize(1);
      assertThat(statuses).as("round %d", round).filteredOn(s -> s == 409).hasSize(49);
      assertThat(sales.stream().map(CompletableFuture::join).filter(r -> r.statusCode() == 409))
          .allSatisfy(r -> assertThat(r.body()).contains("\"code\":\"insufficient-stock\"")
              .contains("\"requested\":1,\"available\":0"));
      assertThat(StockApi.onHand(bar, bottle)).isZero();
    }
  }
}
