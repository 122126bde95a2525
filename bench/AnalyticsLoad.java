import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * analytics-service ingestion: paced sale.completed.v1 CloudEvents straight onto sale-events (as stock-service's relay
 * writes them: binary mode, ce_time = send time), at stepped rates. Per step: the largest lag of the daily figures
 * seen while sending ({@code analytics_lag_seconds{topic="sale-events"}}: event time → applied, per batch), how long
 * after the last send both the figures and the live activity (Kafka Streams) had every event, and the server CPU per
 * event (the given server processes without their JIT compiler threads, and every postgres process, from /proc, an
 * idle baseline subtracted, as bench/wrk-cpu.sh counts; this tool's own CPU printed). A step holds when the figures stayed within 1 s of real time and caught up within 1 s. The metrics
 * are read twice a second throughout ({@link Prober}), so the catch-up times are known to half a second.
 *
 *   java -cp "deploy/local/kafka/target/lib/*" bench/AnalyticsLoad.java <bootstrap> <analytics url> "<rates>"
 *       <step seconds> <name:pid,...> <locations>
 */
public class AnalyticsLoad {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final long HZ = 100; // USER_HZ on Linux

  /**
   * Reads the service's metrics twice a second, all the time (idle baseline included): a scrape of analytics-service
   * is not free (Kafka Streams' metrics: thousands of series), so it runs at one steady rate whose cost the idle
   * baseline takes away, rather than more often while a step catches up.
   */
  static final class Prober extends Thread {
    final String base;
    volatile double applied;
    volatile double counted;
    volatile double lag;

    Prober(String base) {
      super("prober");
      this.base = base;
      setDaemon(true);
    }

    @Override
    public void run() {
      while (true) {
        String scrape = scrape(base);
        applied = value(scrape, "analytics_sale_events_total{outcome=\"applied\"}");
        counted = value(scrape, "analytics_activity_events_total{outcome=\"counted\"}");
        lag = value(scrape, "analytics_lag_seconds{topic=\"sale-events\"}");
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  static Prober prober;

  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    String analytics = args[1];
    if (args[2].equals("history")) {
      history(bootstrap, analytics, Integer.parseInt(args[3]));
      return;
    }
    String[] rates = args[2].trim().split("\\s+");
    int stepSeconds = Integer.parseInt(args[3]);
    Map<String, Long> servers = new LinkedHashMap<>();
    for (String np : args[4].split(",")) {
      servers.put(np.substring(0, np.indexOf(':')), Long.parseLong(np.substring(np.indexOf(':') + 1)));
    }
    int locations = Integer.parseInt(args[5]);
    prober = new Prober(analytics);
    prober.start();
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("acks", "all");
    p.put("linger.ms", "2");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
        new StringSerializer())) {
      for (int i = 0; i < locations; i++) {
        String id = "bench-analytics-" + i;
        send(producer, "location-events", id, "location.created.v1",
            "{\"locationId\":\"" + id + "\",\"name\":\"" + id + "\",\"timeZone\":\"UTC\"}");
      }
      producer.flush();
      int warmUp = Integer.parseInt(System.getenv().getOrDefault("WARMUP_SECONDS", "60"));
      System.err.println("[analytics-load] warm-up: 2500 events/s for " + warmUp + " s (not reported)");
      step(producer, analytics, servers, 2500, warmUp, locations, null);
      Map<String, Double> idlePerSecond = idle(servers);
      System.out.println("| events/s asked | sent/s | figures lag max | caught up after (figures / activity) | holds"
          + " | server CPU per event | of which (µs) | this tool's CPU |");
      System.out.println("|---:|---:|---:|---:|---|---:|---|---:|");
      for (String rate : rates) {
        step(producer, analytics, servers, Integer.parseInt(rate), stepSeconds, locations, idlePerSecond);
      }
    }
  }

  /**
   * The servers' CPU per second doing nothing: 5 s windows until two in a row agree within 5 % of a core (at most 6:
   * right after the warm-up the JIT still compiles and Kafka Streams still commits), the last one.
   */
  static Map<String, Double> idle(Map<String, Long> servers) throws Exception {
    Map<String, Double> last = null;
    for (int i = 0; i < 6; i++) {
      Map<String, Long> before = ticks(servers);
      Thread.sleep(5000);
      Map<String, Long> after = ticks(servers);
      Map<String, Double> perSecond = new LinkedHashMap<>();
      before.forEach((n, t) -> perSecond.put(n, (after.get(n) - t) / (double) HZ / 5.0));
      if (last != null && Math.abs(sum(perSecond) - sum(last)) <= 0.05) {
        return perSecond;
      }
      last = perSecond;
    }
    return last;
  }

  private static double sum(Map<String, Double> perSecond) {
    return perSecond.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  static void step(KafkaProducer<String, String> producer, String analytics, Map<String, Long> servers, int rate,
      int seconds, int locations, Map<String, Double> idlePerSecond) throws Exception {
    Thread.sleep(600); // a fresh reading
    double appliedBefore = prober.applied;
    double countedBefore = prober.counted;
    Map<String, Long> before = ticks(servers);
    long toolBefore = ownTicks();
    long startNanos = System.nanoTime();
    long total = (long) rate * seconds;
    AtomicLong failed = new AtomicLong();
    double maxLag = 0;
    for (long i = 0; i < total; i++) {
      long due = startNanos + i * 1_000_000_000L / rate;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      String saleId = UUID.randomUUID().toString();
      String location = "bench-analytics-" + (i % locations);
      String payload = "{\"saleId\":\"" + saleId + "\",\"locationId\":\"" + location + "\",\"items\":["
          + "{\"productId\":\"p-" + (i % 50) + "\",\"quantity\":1,\"unitPrice\":{\"amount\":450,\"currency\":\"EUR\"},"
          + "\"lineTotal\":{\"amount\":450,\"currency\":\"EUR\"}},"
          + "{\"productId\":\"p-" + ((i + 7) % 50)
          + "\",\"quantity\":2,\"unitPrice\":{\"amount\":300,\"currency\":\"EUR\"},"
          + "\"lineTotal\":{\"amount\":600,\"currency\":\"EUR\"}}],\"total\":{\"amount\":1050,\"currency\":\"EUR\"},"
          + "\"createdAt\":\"" + Instant.now() + "\"}";
      producer.send(record("sale-events", saleId, "sale.completed.v1", payload), (m, e) -> {
        if (e != null) {
          failed.incrementAndGet();
        }
      });
      maxLag = Math.max(maxLag, prober.lag); // the figures' lag while sending, as last read
    }
    producer.flush();
    long sentNanos = System.nanoTime();
    double sentPerSecond = total / ((sentNanos - startNanos) / 1e9);
    // how long after the last send the figures and the activity had every event
    double figuresAfter = -1;
    double activityAfter = -1;
    long deadline = sentNanos + 120_000_000_000L;
    while ((figuresAfter < 0 || activityAfter < 0) && System.nanoTime() < deadline) {
      double since = (System.nanoTime() - sentNanos) / 1e9;
      if (figuresAfter < 0 && prober.applied - appliedBefore >= total) {
        figuresAfter = since;
      }
      if (activityAfter < 0 && prober.counted - countedBefore >= total) {
        activityAfter = since;
      }
      Thread.sleep(20);
    }
    Map<String, Long> after = ticks(servers);
    long toolAfter = ownTicks();
    if (idlePerSecond == null) {
      return; // warm-up
    }
    double elapsed = (System.nanoTime() - startNanos) / 1e9;
    Map<String, Double> micros = new LinkedHashMap<>();
    double sum = 0;
    for (String n : after.keySet()) {
      double used = (after.get(n) - before.get(n)) / (double) HZ - idlePerSecond.getOrDefault(n, 0.0) * elapsed;
      double perEvent = Math.max(used, 0) / total * 1e6;
      micros.put(n, perEvent);
      sum += perEvent;
    }
    List<String> parts = new ArrayList<>();
    micros.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
        .filter(e -> e.getValue() >= 1).forEach(e -> parts.add(e.getKey() + " " + Math.round(e.getValue())));
    boolean holds = failed.get() == 0 && maxLag <= 1.0 && figuresAfter >= 0 && figuresAfter <= 1.0
        && activityAfter >= 0 && activityAfter <= 1.0;
    System.out
        .println(String.format(Locale.ROOT, "| %,d | %,.0f | %.2f s | %s / %s | %s | **%.0f µs** | %s | %.0f %% |",
            rate, sentPerSecond, maxLag, after(figuresAfter), after(activityAfter), holds
                ? "yes"
                : "no"
                    + (failed.get() > 0 ? " (" + failed.get() + " sends failed)" : ""),
            sum, String.join(", ", parts), (toolAfter - toolBefore) / (double) HZ / elapsed * 100));
  }

  /**
   * {@code history <days>}: a sale of bench-analytics-0 in every quarter hour of the last {@code days} days, then
   * waits until the figures have them (the data the query benchmark reads).
   */
  static void history(String bootstrap, String analytics, int days) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("acks", "all");
    p.put("linger.ms", "5");
    double before = metric(analytics, "analytics_sale_events_total{outcome=\"applied\"}");
    int quarters = days * 96;
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
        new StringSerializer())) {
      send(producer, "location-events", "bench-analytics-0", "location.created.v1",
          "{\"locationId\":\"bench-analytics-0\",\"name\":\"bench-analytics-0\",\"timeZone\":\"UTC\"}");
      Instant now = Instant.now();
      for (int q = 0; q < quarters; q++) {
        Instant at = now.minusSeconds(900L * q);
        String saleId = UUID.randomUUID().toString();
        String payload = "{\"saleId\":\"" + saleId + "\",\"locationId\":\"bench-analytics-0\",\"items\":["
            + "{\"productId\":\"p-" + (q % 50) + "\",\"quantity\":1,\"unitPrice\":{\"amount\":450,"
            + "\"currency\":\"EUR\"},\"lineTotal\":{\"amount\":450,\"currency\":\"EUR\"}}],"
            + "\"total\":{\"amount\":450,\"currency\":\"EUR\"},\"createdAt\":\"" + at + "\"}";
        ProducerRecord<String, String> r = record("sale-events", saleId, "sale.completed.v1", payload);
        r.headers().remove("ce_time");
        r.headers().add("ce_time", b(at.toString()));
        producer.send(r);
      }
    }
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (metric(analytics, "analytics_sale_events_total{outcome=\"applied\"}") - before < quarters
        && System.nanoTime() < deadline) {
      Thread.sleep(1000);
    }
  }

  static String after(double seconds) {
    return seconds < 0 ? "> 120 s" : String.format(Locale.ROOT, "%.2f s", seconds);
  }

  static void send(KafkaProducer<String, String> producer, String topic, String key, String type, String payload) {
    producer.send(record(topic, key, type, payload));
  }

  static ProducerRecord<String, String> record(String topic, String key, String type, String payload) {
    ProducerRecord<String, String> r = new ProducerRecord<>(topic, key, payload);
    r.headers().add("ce_specversion", b("1.0")).add("ce_id", b(UUID.randomUUID().toString()))
        .add("ce_type", b(type)).add("ce_source", b("/bench")).add("ce_subject", b(key))
        .add("ce_time", b(Instant.now().toString())).add("content-type", b("application/json"));
    return r;
  }

  static double metric(String base, String series) {
    return value(scrape(base), series);
  }

  static String scrape(String base) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/q/metrics")).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (Exception e) {
      return "";
    }
  }

  static double value(String scrape, String series) {
    return scrape.lines().filter(l -> l.startsWith(series + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1).split(" ")[0])).findFirst().orElse(0);
  }

  /**
   * CPU ticks (user + system) of each server, without its JIT compiler threads (a warm-up's one-off cost, counted apart
   * as bench/wrk-cpu.sh does), plus every postgres process as "postgresql", with the postmaster's exited children
   * (a backend that ended leaves its CPU there).
   */
  static Map<String, Long> ticks(Map<String, Long> servers) throws Exception {
    Map<String, Long> t = new LinkedHashMap<>();
    for (Map.Entry<String, Long> server : servers.entrySet()) {
      t.put(server.getKey(), ticksOf(server.getValue()) - jitTicks(server.getValue()));
    }
    long pg = 0;
    for (Path proc : Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      try {
        if (Files.readString(proc.resolve("comm")).trim().equals("postgres")) {
          String[] f = fields(Long.parseLong(proc.getFileName().toString()));
          pg += Long.parseLong(f[11]) + Long.parseLong(f[12]);
          if (!Files.readString(Path.of("/proc/" + f[1] + "/comm")).trim().equals("postgres")) {
            pg += Long.parseLong(f[13]) + Long.parseLong(f[14]); // the postmaster: its children that exited
          }
        }
      } catch (Exception gone) {
        // the process ended meanwhile
      }
    }
    t.put("postgresql", pg);
    return t;
  }

  /** The CPU ticks of a JVM's C1 and C2 compiler threads (0 for a process that has none). */
  static long jitTicks(long pid) {
    long sum = 0;
    try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks.toList()) {
        try {
          String comm = Files.readString(task.resolve("comm"));
          if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
            String stat = Files.readString(task.resolve("stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
          }
        } catch (Exception gone) {
          // the thread ended meanwhile
        }
      }
    } catch (Exception gone) {
      // the process ended meanwhile
    }
    return sum;
  }

  static long ownTicks() throws Exception {
    return ticksOf(ProcessHandle.current().pid());
  }

  static long ticksOf(long pid) throws Exception {
    String[] f = fields(pid);
    return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
  }

  /** /proc/pid/stat after the command's ")": state, ppid, ... utime [11], stime, cutime, cstime [14]. */
  static String[] fields(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
