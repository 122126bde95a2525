package shop.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;

/**
 * Starts a real single-node Apache Kafka broker (KRaft, combined broker + controller) inside the test JVM, on free
 * ports and a temporary log directory. If {@code KAFKA_BOOTSTRAP_SERVERS} is set, that broker is used instead and
 * nothing is started. One broker per JVM: every test class of a module shares it.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {
  private static KafkaRaftServer server;
  private static Path logDir;
  private static Properties config;
  private static String bootstrap;

  @Override
  public synchronized Map<String, String> start() {
    return Map.of("kafka.bootstrap.servers", bootstrapServers());
  }

  /** Bootstrap servers of the shared test broker, starting it on first use. */
  public static synchronized String bootstrapServers() {
    String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
    if (external != null && !external.isBlank()) {
      return external;
    }
    if (server == null) {
      startBroker();
      Runtime.getRuntime().addShutdownHook(new Thread(KafkaBrokerResource::stopBroker));
    }
    return bootstrap;
  }

  private static void startBroker() {
    keepTheJvmOnFatalBrokerErrors();
    try {
      int brokerPort = freePort();
      int controllerPort = freePort();
      logDir = Files.createTempDirectory("kafka-test-");
      Properties props = new Properties();
      props.put("process.roles", "broker,controller");
      props.put("node.id", "1");
      props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
      props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
      props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
      props.put("controller.listener.names", "CONTROLLER");
      props.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
      props.put("inter.broker.listener.name", "PLAINTEXT");
      props.put("log.dirs", logDir.toString());
      props.put("num.partitions", "3");
      props.put("offsets.topic.replication.factor", "1");
      props.put("offsets.topic.num.partitions", "1");
      props.put("transaction.state.log.replication.factor", "1");
      props.put("transaction.state.log.min.isr", "1");
      props.put("share.coordinator.state.topic.replication.factor", "1");
      props.put("share.coordinator.state.topic.min.isr", "1");
      props.put("group.initial.rebalance.delay.ms", "0");
      // a killed consumer's partitions go to the others after 10 s (the broker's default is 45 s)
      props.put("group.consumer.min.session.timeout.ms", "6000");
      props.put("group.consumer.session.timeout.ms", "10000");
      props.put("group.consumer.min.heartbeat.interval.ms", "1000");
      props.put("group.consumer.heartbeat.interval.ms", "2000");
      props.put("auto.create.topics.enable", "true");
      Path cfg = logDir.resolve("server.properties");
      try (var out = Files.newOutputStream(cfg)) {
        props.store(out, "test broker");
      }
      // StorageTool.main would call System.exit; execute() does not.
      StorageTool.execute(new String[]{"format", "-t", Uuid.randomUuid().toString(), "-c", cfg.toString()},
          new PrintStream(OutputStream.nullOutputStream()));
      config = props;
      server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
      server.startup();
      bootstrap = "127.0.0.1:" + brokerPort;
    } catch (Exception e) {
      throw new IllegalStateException("could not start the in-JVM Kafka broker", e);
    }
  }

  /**
   * A fatal error inside the broker (a failed log directory, a metadata fault) makes Kafka call {@code Exit.exit} or
   * {@code Exit.halt}, which would end the whole test JVM without a word (Surefire then only says that the fork
   * "terminated without saying goodbye"). Here it is printed with its stack and thrown instead, so the test that hit it
   * fails with the reason.
   */
  private static void keepTheJvmOnFatalBrokerErrors() {
    Exit.Procedure refuse = (status, message) -> {
      IllegalStateException fatal = new IllegalStateException(
          "the in-JVM Kafka broker asked to end the JVM (status " + status + "): " + message);
      fatal.printStackTrace(System.err);
      throw fatal;
    };
    Exit.setExitProcedure(refuse);
    Exit.setHaltProcedure(refuse);
  }

  /** Stops the broker as an outage would (its data and ports are kept for {@link #resumeBroker()}). */
  public static synchronized void pauseBroker() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
    }
  }

  /** Starts the broker paused by {@link #pauseBroker()} again, on the same ports with the same data. */
  public static synchronized void resumeBroker() {
    if (server == null && config != null) {
      server = new KafkaRaftServer(new KafkaConfig(config), Time.SYSTEM);
      server.startup();
    }
  }

  private static synchronized void stopBroker() {
    if (server == null) {
      return;
    }
    try {
      server.shutdown();
      server.awaitShutdown();
    } finally {
      server = null;
      deleteQuietly(logDir);
    }
  }

  @Override
  public void stop() {
    // Shared by every test class of the JVM; stopped by the shutdown hook.
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // temp dir; best effort
    }
  }
}
