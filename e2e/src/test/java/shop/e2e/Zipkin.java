package shop.e2e;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.restassured.path.json.JsonPath;

/**
 * A Zipkin server (the local stack's trace viewer: deploy/observability/observe.sh fetches it) on a free port, in
 * memory, for the services of a test to send their spans to ({@code SHOP_TRACING_ZIPKIN_ENDPOINT}).
 */
final class Zipkin implements AutoCloseable {
  private final Process process;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private Zipkin(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static Zipkin start() {
    String jar = Gateway.run(List.of("bash", ServiceProcess.ROOT.resolve("deploy/observability/observe.sh").toString(),
        "zipkin-jar")).lines().reduce((first, last) -> last).orElseThrow();
    int port = ServiceProcess.freePort();
    try {
      Path log = ServiceProcess.ROOT.resolve("e2e/target/zipkin.log");
      ProcessBuilder b = new ProcessBuilder(List.of("java", "-Xms32m", "-Xmx256m", "-jar", jar))
          .redirectErrorStream(true).redirectOutput(log.toFile());
      b.environment().putAll(Map.of("QUERY_PORT", String.valueOf(port), "STORAGE_TYPE", "mem"));
      Zipkin zipkin = new Zipkin(b.start(), port);
      zipkin.awaitHealthy(Duration.ofSeconds(60), log.toFile());
      return zipkin;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start Zipkin", e);
    }
  }

  private void awaitHealthy(Duration atMost, File log) {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Zipkin exited; see " + log);
      }
      try {
        if (get("/health").statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      sleep();
    }
    throw new IllegalStateException("Zipkin did not start within " + atMost + "; see " + log);
  }

  /** Where the services send their spans. */
  String spansEndpoint() {
    return "http://127.0.0.1:" + port + "/api/v2/spans";
  }

  /** The spans Zipkin holds for a trace (an empty list while it has none). */
  List<Map<String, Object>> trace(String traceId) {
    try {
      HttpResponse<String> r = get("/api/v2/trace/" + traceId);
      return r.statusCode() == 200 ? JsonPath.from(r.body()).getList("$") : List.of();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> get(String path) throws IOException {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
