package shop.e2e;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One packaged service ({@code <module>/target/quarkus-app}) running as its own JVM, as in production. */
final class ServiceProcess implements AutoCloseable {
  static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final String name;
  final int port;
  final Path log;
  private final Process process;

  private ServiceProcess(String name, int port, Path log, Process process) {
    this.name = name;
    this.port = port;
    this.log = log;
    this.process = process;
  }

  /** Starts the module's packaged app on a free port with the given environment (its config's variables). */
  static ServiceProcess start(String module, Map<String, String> env) {
    Path jar = ROOT.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build the services first (the reactor builds e2e last)");
    }
    int port = freePort();
    try {
      Path log = Files.createDirectories(ROOT.resolve("e2e/target")).resolve(module + ".log");
      ProcessBuilder b = new ProcessBuilder(List.of("java", "-Xms32m", "-Xmx192m", "-XX:TieredStopAtLevel=1",
          "-jar", jar.toString())).redirectErrorStream(true).redirectOutput(log.toFile())
          .directory(new File(ROOT.resolve(module).toString()));
      b.environment().putAll(env);
      b.environment().put("HTTP_PORT", String.valueOf(port));
      b.environment().put("QUARKUS_OTEL_SDK_DISABLED", "true");
      return new ServiceProcess(module, port, log, b.start());
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + module, e);
    }
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Waits until readiness answers 200, failing with the end of the service's log. */
  void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited: " + tail());
      }
      try {
        HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready")).build(),
            HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(250);
    }
    throw new IllegalStateException(name + " not ready after " + timeout + ": " + tail());
  }

  String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    process.destroy(); // SIGTERM: a graceful Quarkus shutdown
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
