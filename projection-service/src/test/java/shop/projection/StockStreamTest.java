package shop.projection;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.PostgresDatabaseResource;
import shop.testsupport.RedisServerResource;

/** Realtime stock over Server-Sent Events: pushed changes, heartbeats, the subscriber cap, Last-Event-ID replay. */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "database", value = "projection_test"))
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(RedisServerResource.class)
class StockStreamTest {
  static final HttpClient HTTP = HttpClient.newHttpClient();

  /** An open stream: the lines received so far, and the response to cancel it. */
  record Stream_(List<String> lines, CompletableFuture<HttpResponse<Stream<String>>> response) {
    void close() {
      response.thenAccept(r -> r.body().close());
      response.cancel(true);
    }
  }

  static Stream_ open(String location, String lastEventId) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/locations/"
        + location + "/stock/stream")).header("Accept", "text/event-stream");
    if (lastEventId != null) {
      b.header("Last-Event-ID", lastEventId);
    }
    List<String> lines = new CopyOnWriteArrayList<>();
    CompletableFuture<HttpResponse<Stream<String>>> response = HTTP.sendAsync(b.build(),
        HttpResponse.BodyHandlers.ofLines());
    response.thenAcceptAsync(r -> r.body().forEach(lines::add));
    return new Stream_(lines, response);
  }

  @Test
  void shouldPushEachChangeAndBeatBetweenThem() {
    String bar = knownLocation();
    Stream_ s = open(bar, null);
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> s.lines().stream().anyMatch(l -> l.startsWith(":")));
      long[] version = {0};
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1)).until(() -> {
        StockProjectionTest.stock(bar, "beer", 7, ++version[0]);
        return s.lines().stream().anyMatch(l -> l.startsWith("data:") && l.contains("\"productId\":\"beer\""));
      });
      assertThat(s.lines()).anyMatch(l -> l.startsWith("id:")).anyMatch(l -> l.equals("event:stock"));
    } finally {
      s.close();
    }
  }

  @Test
  void shouldCapSubscribersPerLocationAndAskTheRestToPoll() throws Exception {
    String bar = knownLocation();
    Stream_ first = open(bar, null);
    Stream_ second = open(bar, null);
    try {
      assertThat(first.response().get().statusCode()).isEqualTo(200);
      assertThat(second.response().get().statusCode()).isEqualTo(200);
      given().header("Accept", "text/event-stream").get("/locations/" + bar + "/stock/stream")
          .then().statusCode(503).header("Retry-After", "1").body("code", equalTo("unavailable"));
    } finally {
      first.close();
      second.close();
    }
  }

  @Test
  void shouldRefuseUnknownLocationsAndCapTheSubscribersOfTheInstance() throws Exception {
    // made-up locations take no stream at all
    for (int i = 0; i < 3; i++) {
      given().header("Accept", "text/event-stream").get("/locations/made-up-" + UUID.randomUUID() + "/stock/stream")
          .then().statusCode(404).contentType("application/problem+json").body("code", equalTo("not-found"));
    }
    // the instance serves at most 5 streams (in %test), over every location
    List<String> bars = java.util.stream.IntStream.range(0, 6).mapToObj(i -> knownLocation()).toList();
    await().atMost(Duration.ofSeconds(10)).until(() -> subscribers() == 0);
    List<Stream_> open = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        Stream_ s = open(bars.get(i), null);
        open.add(s);
        assertThat(s.response().get().statusCode()).isEqualTo(200);
      }
      given().header("Accept", "text/event-stream").get("/locations/" + bars.get(5) + "/stock/stream")
          .then().statusCode(503).header("Retry-After", "1").body("code", equalTo("unavailable"));
    } finally {
      open.forEach(Stream_::close);
    }
  }

  /** A new location with one stock level, once the read side knows it (opening a stream no longer gives 404). */
  static String knownLocation() {
    String bar = "bar-" + UUID.randomUUID();
    StockProjectionTest.stock(bar, "water", 1, 1);
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      Stream_ probe = open(bar, null);
      int status = probe.response().get().statusCode();
      probe.close();
      return status != 404;
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> subscribers() == 0); // the probe's stream is released
    return bar;
  }

  static double subscribers() {
    return Arc.container().instance(MeterRegistry.class).get().get("projection.stream.subscribers").gauge().value();
  }

  @Test
  void shouldReplayChangesStillInTheViewAfterLastEventId() {
    String bar = "bar-" + UUID.randomUUID();
    StockProjectionTest.stock(bar, "wine", 3, 1);
    await().atMost(Duration.ofSeconds(20)).until(() -> StockProjectionTest.available(bar, "wine") == 3);
    Stream_ s = open(bar, "0");
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> s.lines().stream()
          .anyMatch(
              l -> l.startsWith("data:") && l.contains("\"productId\":\"wine\"") && l.contains("\"available\":3")));
    } finally {
      s.close();
    }
  }
}
