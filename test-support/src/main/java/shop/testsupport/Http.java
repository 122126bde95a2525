package shop.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.restassured.RestAssured;

/** Concurrent requests for race tests: sends a JSON POST to the application under test without waiting. */
public final class Http {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Http() {
  }

  /** POSTs {@code json} to {@code path} on the test port; {@code headers} with null values are left out. */
  public static CompletableFuture<HttpResponse<String>> postAsync(String path, String json,
      Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (TestAuth.authorization() != null && headers.get("Authorization") == null) {
      b.header("Authorization", TestAuth.authorization());
      if (headers.get("Idempotency-Key") == null) {
        b.header("Idempotency-Key", java.util.UUID.randomUUID().toString());
      }
    }
    headers.forEach((name, value) -> {
      if (value != null) {
        b.header(name, value);
      }
    });
    return CLIENT.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
