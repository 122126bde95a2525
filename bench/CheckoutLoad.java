import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checkout scenario: checkout → order confirmed, as the shopper sees it. Each checkout is {@code POST
 * /carts/{id}/checkout} on cart-service, then {@code GET /orders/{orderId}?minVersion=2} on projection-service, which
 * answers once the confirmed order is in the read model (read-your-writes); the latency is from the checkout's send to
 * that answer. Carts (one line each) are filled beforehand. Load is open-loop: checkouts start at a fixed rate
 * whatever the answers do, so a slow system shows as latency, not as a lower rate.
 *
 * Server CPU per checkout: the CPU time of every server process (the services' JVMs, PostgreSQL, Kafka, Redis) read
 * from /proc before and after each step, minus an idle baseline (10 s, taken after an unreported warm-up at 10/s,
 * {@code WARMUP_SECONDS}, 30 by default; the JVMs' JIT compiler threads are counted apart and printed, not charged: see
 * {@link #cpu}), over the checkouts sent in the step; this tool's own CPU is printed next to
 * it. A checkout not confirmed in the read model within its read-your-writes wait (2 s) counts as not confirmed, and
 * in the percentiles as slower than 2 s (when the pipeline saturates, its backlog's work falls after the step: the CPU
 * per checkout is then too low).
 *
 *   java bench/CheckoutLoad.java <cartUrl> <projectionUrl> <bearer> <locationId> <productIds,> <rates> <seconds> \
 *       <name:pid,...> <adminBearer>   (postgres processes are found by name; the admin reads projection lag)
 */
public class CheckoutLoad {
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  static final Pattern ID = Pattern.compile("\"(?:id|orderId)\":\"([^\"]+)\"");
  static final Pattern STATUS = Pattern.compile("\"status\":\"([^\"]+)\"");
  static final long HZ = 100; // USER_HZ on Linux
  static final String JIT = "JIT";

  static String cartUrl;
  static String projectionUrl;
  static String bearer;

  public static void main(String[] args) throws Exception {
    cartUrl = args[0];
    projectionUrl = args[1];
    bearer = args[2];
    String location = args[3];
    List<String> products = Arrays.asList(args[4].split(","));
    int[] rates = Arrays.stream(args[5].trim().split("[ ,]+")).mapToInt(Integer::parseInt).toArray();
    int seconds = Integer.parseInt(args[6]);
    Map<String, List<Long>> servers = servers(args[7]);

    // WARMUP_SECONDS at 10/s, not reported: the JIT compiles the checkout's paths (10 s left it compiling through the
    // steps: 40 % of the services' CPU was the JIT's)
    int warmUpSeconds = Integer.parseInt(System.getenv().getOrDefault("WARMUP_SECONDS", "30"));
    int warmUp = 10 * warmUpSeconds;
    int needed = Arrays.stream(rates).sum() * seconds + warmUp;
    System.err.printf("[checkout] filling %d carts at %s%n", needed, location);
    List<String> carts = fill(needed, location, products);
    String admin = args[8];
    System.err.println("[checkout] waiting for the projection to apply the carts' events");
    awaitNoLag(admin);

    System.err.printf("[checkout] warm-up: %d s at 10/s%n", warmUpSeconds);
    step(10, warmUpSeconds, carts.subList(0, warmUp), servers, Map.of(), false);
    awaitNoLag(admin);
    Map<String, Long> idleBefore = cpu(servers);
    Thread.sleep(10_000);
    Map<String, Double> idlePerSecond = perSecond(idleBefore, cpu(servers), 10.0);

    System.out
        .println(
            "| target rate | confirmed in time, per s | p50 | p99 | max | confirmed | not confirmed | server CPU per checkout"
                + " | of which (µs) | JIT compiling, not counted | load tool's CPU |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|");
    String measuring = System.getenv("MEASURING_FILE"); // created as the reported steps start (checkout.sh profiles them)
    if (measuring != null) {
      java.nio.file.Files.writeString(java.nio.file.Path.of(measuring), "");
    }
    int next = warmUp;
    for (int rate : rates) {
      List<String> mine = carts.subList(next, next + rate * seconds);
      next += rate * seconds;
      step(rate, seconds, mine, servers, idlePerSecond, true);
      awaitNoLag(admin); // a step that overloaded the system does not spill into the next
    }
  }

  static void step(int rate, int seconds, List<String> carts, Map<String, List<Long>> servers,
      Map<String, Double> idlePerSecond, boolean report) throws Exception {
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    AtomicLong failed = new AtomicLong();
    List<CompletableFuture<Void>> all = new ArrayList<>();
    Map<String, Long> before = cpu(servers);
    long selfBefore = selfTicks();
    long start = System.nanoTime();
    for (int i = 0; i < carts.size(); i++) {
      long due = start + (long) i * 1_000_000_000L / rate;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      long sent = System.nanoTime();
      String cart = carts.get(i);
      all.add(send("POST", cartUrl + "/carts/" + cart + "/checkout", null)
          .thenCompose(r -> {
            Matcher m = ID.matcher(r.body());
            if (r.statusCode() != 202 || !m.find()) {
              throw new IllegalStateException("checkout answered " + r.statusCode() + ": " + r.body());
            }
            return send("GET", projectionUrl + "/orders/" + m.group(1) + "?minVersion=2", null);
          })
          .handle((r, e) -> {
            Matcher m = r == null ? null : STATUS.matcher(r.body());
            if (e == null && r.statusCode() == 200 && m.find() && m.group(1).equals("confirmed")) {
              latencies.add(System.nanoTime() - sent);
            } else {
              if (failed.incrementAndGet() <= 3) {
                System.err.println("[checkout] not confirmed: " + (e != null ? e : r.statusCode() + " " + r.body()));
              }
            }
            return null;
          }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    double elapsed = (System.nanoTime() - start) / 1e9;
    if (!report) {
      return;
    }
    Map<String, Double> used = perSecond(before, cpu(servers), 1.0);
    double self = (selfTicks() - selfBefore) / (double) HZ / elapsed;
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    long confirmed = sorted.size();
    long sent = confirmed + failed.get();
    Map<String, Double> perCheckout = new LinkedHashMap<>();
    double total = 0;
    double jit = 0;
    for (String name : used.keySet()) {
      double seconds0 = used.get(name) - idlePerSecond.getOrDefault(name, 0.0) * elapsed;
      double micros = sent == 0 ? 0 : Math.max(seconds0, 0) / sent * 1e6;
      if (name.equals(JIT)) {
        jit = micros;
        continue;
      }
      perCheckout.put(name, micros);
      total += micros;
    }
    StringBuilder parts = new StringBuilder();
    perCheckout.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
        .filter(e -> e.getValue() >= 1).forEach(e -> parts.append(parts.length() == 0 ? "" : ", ")
            .append(e.getKey()).append(' ').append(Math.round(e.getValue())));
    System.out.printf(Locale.ROOT,
        "| %d/s | %.0f/s | %s | %s | %s | %d | %d | **%.2f ms** | %s | %.2f ms | %.0f %% of a core |%n",
        rate, confirmed / elapsed, ms(sorted, sent, 0.50), ms(sorted, sent, 0.99), ms(sorted, sent, 1.0), confirmed,
        failed.get(),
        total / 1000, parts, jit / 1000, self * 100);
  }

  /** Waits until every read model of projection-service has applied everything on its topic (GET /projections). */
  static void awaitNoLag(String admin) throws Exception {
    Pattern behind = Pattern.compile("\"eventsBehind\":(\\d+)");
    for (;;) {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(projectionUrl + "/projections"))
          .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString());
      Matcher m = behind.matcher(r.body());
      long total = 0;
      while (m.find()) {
        total += Long.parseLong(m.group(1));
      }
      if (r.statusCode() == 200 && total == 0) {
        Thread.sleep(2000); // and the pipes before it settle
        return;
      }
      Thread.sleep(1000);
    }
  }

  /** Creates {@code n} carts of the shopper at the location, with one line each; their ids. */
  static List<String> fill(int n, String location, List<String> products) throws Exception {
    List<String> carts = Collections.synchronizedList(new ArrayList<>());
    Semaphore inFlight = new Semaphore(32);
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String product = products.get(i % products.size());
      inFlight.acquire();
      all.add(send("POST", cartUrl + "/carts", "{\"locationId\":\"" + location + "\",\"currency\":\"EUR\"}")
          .thenCompose(r -> {
            Matcher m = ID.matcher(r.body());
            if (r.statusCode() != 201 || !m.find()) {
              throw new IllegalStateException("cart creation answered " + r.statusCode() + ": " + r.body());
            }
            String id = m.group(1);
            return send("POST", cartUrl + "/carts/" + id + "/items",
                "{\"productId\":\"" + product + "\",\"quantity\":1}").thenApply(a -> {
                  if (a.statusCode() != 200) {
                    throw new IllegalStateException("add answered " + a.statusCode() + ": " + a.body());
                  }
                  return id;
                });
          })
          .thenAccept(carts::add)
          .whenComplete((x, e) -> inFlight.release()));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    return new ArrayList<>(carts);
  }

  static CompletableFuture<HttpResponse<String>> send(String method, String url, String json) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + bearer);
    if (json != null) {
      b.header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString());
    } else if (method.equals("POST")) {
      b.header("Idempotency-Key", UUID.randomUUID().toString());
    }
    b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    return HTTP.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The q-quantile of all {@code sent} checkouts, those not confirmed (beyond {@code sorted}) counting as slowest. */
  static String ms(List<Long> sorted, long sent, double q) {
    if (sent == 0) {
      return "-";
    }
    int i = Math.max(0, (int) Math.ceil(q * sent) - 1);
    if (i >= sorted.size()) {
      return "> 2 s";
    }
    return String.format(Locale.ROOT, "%.0f ms", sorted.get(i) / 1e6);
  }

  // ------------------------------------------------------------------ CPU from /proc

  /** name → pids: the given {@code name:pid} pairs, and every process called postgres. */
  static Map<String, List<Long>> servers(String spec) throws Exception {
    Map<String, List<Long>> servers = new LinkedHashMap<>();
    for (String np : spec.split(",")) {
      if (!np.isBlank()) {
        servers.computeIfAbsent(np.substring(0, np.indexOf(':')), k -> new ArrayList<>())
            .add(Long.parseLong(np.substring(np.indexOf(':') + 1).trim()));
      }
    }
    List<Long> postgres = new ArrayList<>();
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.toList()) {
        if (p.getFileName().toString().matches("\\d+")) {
          try {
            if (Files.readString(p.resolve("comm")).trim().equals("postgres")) {
              postgres.add(Long.parseLong(p.getFileName().toString()));
            }
          } catch (Exception gone) {
            // the process ended meanwhile
          }
        }
      }
    }
    servers.put("postgresql", postgres);
    return servers;
  }

  /**
   * Each server's CPU ticks, its JIT compiler threads' apart (under {@link #JIT}): the JVMs of these 2 cores still
   * compile minutes into the load (a fifth to a third of their CPU after a 2-minute warm-up), a one-off cost that is
   * not a checkout's (as in bench/wrk-cpu.sh).
   */
  static Map<String, Long> cpu(Map<String, List<Long>> servers) {
    Map<String, Long> ticks = new LinkedHashMap<>();
    long jit = 0;
    for (Map.Entry<String, List<Long>> e : servers.entrySet()) {
      long own = 0;
      for (long pid : e.getValue()) {
        long compiling = jitTicks(pid);
        own += ticks(Path.of("/proc/" + pid + "/stat")) - compiling;
        jit += compiling;
      }
      ticks.put(e.getKey(), own);
    }
    ticks.put(JIT, jit);
    return ticks;
  }

  /** The CPU ticks of a JVM's C1 and C2 compiler threads (0 for a process that has none). */
  static long jitTicks(long pid) {
    long sum = 0;
    try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks.toList()) {
        try {
          String comm = Files.readString(task.resolve("comm"));
          if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
            sum += ticks(task.resolve("stat"));
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

  static Map<String, Double> perSecond(Map<String, Long> before, Map<String, Long> after, double seconds) {
    Map<String, Double> out = new LinkedHashMap<>();
    before.forEach((name, b) -> out.put(name, (after.get(name) - b) / (double) HZ / seconds));
    return out;
  }

  static long ticks(Path statFile) {
    try {
      String stat = Files.readString(statFile);
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime
    } catch (Exception gone) {
      return 0;
    }
  }

  static long selfTicks() {
    return ticks(Path.of("/proc/" + ProcessHandle.current().pid() + "/stat"));
  }
}
