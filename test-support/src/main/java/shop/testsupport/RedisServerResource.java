package shop.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A private, real {@code redis-server} on a free port for the test JVM, so tests can stop it and start it again
 * (Redis outages) without touching the machine's Redis. Needs the {@code redis-server} binary
 * ({@code deploy/local/stack.sh engines} installs it).
 */
public class RedisServerResource implements QuarkusTestResourceLifecycleManager {
  private static Process process;
  private static int port;

  @Override
  public synchronized Map<String, String> start() {
    if (port == 0) {
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(RedisServerResource::stopServer));
    }
    startServer();
    return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + port);
  }

  @Override
  public void stop() {
    // shared by the test classes of the JVM; stopped by the shutdown hook
  }

  /** Starts the server (again) and waits until it accepts connections. */
  public static synchronized void startServer() {
    if (process != null && process.isAlive()) {
      return;
    }
    try {
      process = new ProcessBuilder(List.of("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "no")).redirectErrorStream(true).redirectOutput(new File("/dev/null"))
          .start();
    } catch (IOException e) {
      throw new IllegalStateException("redis-server not found; run deploy/local/stack.sh engines", e);
    }
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        sleep(50);
      }
    }
    throw new IllegalStateException("redis-server did not start on port " + port);
  }

  /** Kills the server: the application sees Redis go away. */
  public static synchronized void stopServer() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
