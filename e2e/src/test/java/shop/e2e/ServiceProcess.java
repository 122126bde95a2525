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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One packaged service ({@code <module>/target/quarkus-app}) running as its own JVM, as in production. Fault tests
 * stop it gracefully ({@link #terminate}) or abruptly ({@link #kill}) and start the same module again with the same
 * environment ({@link #startAgain}, {@link #startAnother}). Each instance logs to its own file under
 * {@code e2e/target}, so the log of a stopped instance survives its successor.
 */
public final class ServiceProcess implements AutoCloseable {
  public static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  /** In an environment value, stands for the port the instance listens on (its own address, its own directory). */
  public static final String PORT = "{port}";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  public final String name;
  public final int port;
  public final Path log;
  private final Map<String, String> env;
  private final Process process;

  private ServiceProcess(String name, int port, Path log, Map<String, String> env, Process process) {
    this.name = name;
    this.port = port;
    this.log = log;
    this.env = env;
    this.process = process;
  }

  /**
   * What each analytics-service instance needs of its own, whatever its port: the address it advertises to the others
   * (which proxy live-activity reads to it) and its Kafka Streams state directory.
   */
  public static Map<String, String> analyticsEnvironment() {
    return Map.of("ANALYTICS_ADVERTISED_SERVER", "127.0.0.1:" + PORT, "ANALYTICS_STATE_DIR",
        ROOT.resolve("e2e/target/analytics-state-" + PORT).toString());
  }

  /** Starts the module's packaged app on a free port with the given environment (its config's variables). */
  public static ServiceProcess start(String module, Map<String, String> env) {
    return start(module, env, freePort());
  }

  /**
   * Starts the module's packaged app on {@code port} with the given environment. The JVM exits on an
   * {@link OutOfMemoryError} (as in production, so that it is restarted rather than left half-working).
   */
  public static ServiceProcess start(String module, Map<String, String> env, int port) {
    Path jar = ROOT.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build the services first (the reactor builds e2e last)");
    }
    try {
      Path log = Files.createDirectories(ROOT.resolve("e2e/target"))
          .resolve(module + "-" + INSTANCES.incrementAndGet() + ".log");
      ProcessBuilder b = new ProcessBuilder(List.of("java", "-Xms32m", "-Xmx192m", "-XX:TieredStopAtLevel=1",
          "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-jar", jar.toString())).redirectErrorStream(true)
          .redirectOutput(log.toFile()).directory(new File(ROOT.resolve(module).toString()));
      b.environment().put("QUARKUS_OTEL_SDK_DISABLED", "true"); // tracing off unless the test turns it on
      env.forEach((k, v) -> b.environment().put(k, v.replace(PORT, String.valueOf(port))));
      b.environment().put("HTTP_PORT", String.valueOf(port));
      return new ServiceProcess(module, port, log, Map.copyOf(env), b.start());
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + module, e);
    }
  }

  /**
   * Starts this module again with the same environment on the same port (a restart as an orchestrator does it).
   * This instance must have exited first.
   */
  public ServiceProcess startAgain() {
    if (process.isAlive()) {
      throw new IllegalStateException(name + " (pid " + pid() + ") is still running on port " + port);
    }
    return start(name, env, port);
  }

  /** Starts one more instance of this module with the same environment on a new free port (scale-out). */
  public ServiceProcess startAnother() {
    return start(name, env);
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits until readiness answers 200, failing with the end of the service's log. */
  public void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited: " + tail());
      }
      try {
        HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet, or a readiness check that does not answer in time
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(250);
    }
    throw new IllegalStateException(name + " not ready after " + timeout + ": " + tail());
  }

  /** The last 40 lines of the service's log. */
  public String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /**
   * Sends SIGTERM (a graceful Quarkus shutdown) and waits for the exit; after {@code timeout} the process is killed.
   *
   * @return how long the process took to exit (at least {@code timeout} when it had to be killed)
   */
  public Duration terminate(Duration timeout) {
    long start = System.nanoTime();
    process.destroy();
    try {
      if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** Sends SIGKILL (on Linux, what {@link Process#destroyForcibly()} sends) and waits for the exit. */
  public void kill() {
    try {
      process.destroyForcibly().waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Freezes the process (SIGSTOP): it holds its connections and consumes nothing until {@link #resume()}. */
  public void pause() {
    signal("STOP");
  }

  /** Lets a paused process run again (SIGCONT). */
  public void resume() {
    signal("CONT");
  }

  private void signal(String name) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO().start();
      if (kill.waitFor() != 0) {
        throw new IllegalStateException("kill -" + name + " " + pid() + " failed");
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops the service gracefully if it still runs (killed after 15 s). */
  @Override
  public void close() {
    if (process.isAlive()) {
      terminate(Duration.ofSeconds(15));
    }
  }

  static int freePort() {
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
