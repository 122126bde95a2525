package shop.e2e.fault;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

import shop.testsupport.KafkaTopicReader;
import shop.testsupport.KafkaTopicReader.Received;

/**
 * The checks a fault scenario ends with, once its workload has stopped and the faulty service is back: each returns
 * a {@link Check} whose discrepancies are empty when all is well, and waits (polling) at most a given time for
 * asynchronous things to catch up. {@link #reconcile} runs them all and sums them up in a {@link Result}.
 */
public final class Reconciliation {
  public static final List<String> DEAD_LETTER_TOPICS = List.of("stock-events.dlq", "cart-events.dlq",
      "product-events.dlq", "sale-events.dlq", "order-events.dlq", "reservation-events.dlq", "location-events.dlq");
  /** How many successful commands {@link #reconcile} replays. */
  public static final int REPLAYED = 50;
  private static final Duration POLL_EVERY = Duration.ofMillis(500);
  private static final Duration DEAD_LETTER_READ = Duration.ofSeconds(15);

  private Reconciliation() {
  }

  /**
   * Runs every check: the orders' saga first (every order ended, stock held exactly for the confirmed ones), then the
   * read models (their time to converge is the scenario's), the stock books, the versions on Kafka, the dead-letter
   * topics and {@value #REPLAYED} replayed commands.
   *
   * @param operations the workload's concluded commands (for the table)
   * @param faults the faults injected (for the table)
   * @param within how long the read models and Kafka may take to catch up, each
   */
  public static Result reconcile(String scenario, long operations, int faults, Services services, Books books,
      Duration within) {
    long start = System.nanoTime();
    Check orders = orders(services, books, within);
    Snapshot owners = Snapshot.take(services.stock(), services.carts(), books);
    Check models = readModels(services, owners, within);
    Check figures = analytics(services, owners, books, within);
    Duration converged = Duration.ofNanos(System.nanoTime() - start);
    List<Check> checks = List.of(orders, models, figures, stockBooks(owners, books),
        eventVersions(services, owners, within),
        deadLetters(services, books), replays(services, books, REPLAYED));
    List<String> discrepancies = new ArrayList<>();
    checks.forEach(c -> c.discrepancies().forEach(d -> discrepancies.add(c.name() + ": " + d)));
    return new Result(scenario, operations, faults, checks.stream().mapToLong(Check::lost).sum(),
        checks.stream().mapToLong(Check::doubled).sum(), converged, List.copyOf(discrepancies));
  }

  /**
   * Waits up to {@code within} for the checkout saga to settle: no order of the books still {@code placed} at
   * cart-service, and at every level of the books stock-service holds exactly the units of the confirmed orders there
   * (none for a rejected, cancelled or fulfilled order, none twice, none without an order) and has the on-hand the
   * books say (fulfilled orders counted as sold).
   */
  public static Check orders(Services services, Books books, Duration within) {
    return poll("orders", within, () -> {
      List<String> found = new ArrayList<>();
      Map<Books.Level, Long> held = new HashMap<>();
      for (String id : new TreeSet<>(books.orders())) {
        Answer order = services.carts().get("/orders/" + id);
        if (order.status() != 200) {
          found.add("order " + id + ": cart-service answers " + order.status());
          continue;
        }
        String status = order.json().getString("status");
        if (status.equals("placed")) {
          found.add("order " + id + " still placed");
        } else if (status.equals("confirmed")) {
          String location = order.json().getString("locationId");
          List<String> products = order.json().getList("lines.productId", String.class);
          List<Number> quantities = order.json().getList("lines.quantity", Number.class);
          for (int i = 0; i < products.size(); i++) {
            held.merge(new Books.Level(location, products.get(i)), quantities.get(i).longValue(), Long::sum);
          }
        }
      }
      for (Books.Level l : books.levels().stream().sorted(java.util.Comparator.comparing(Books.Level::key)).toList()) {
        Answer level = services.stock().get("/locations/" + l.locationId() + "/stock/" + l.productId());
        if (level.status() != 200) {
          found.add(l.key() + ": stock-service answers " + level.status());
          continue;
        }
        long reserved = level.json().getLong("reserved");
        long onHand = level.json().getLong("onHand");
        if (reserved != held.getOrDefault(l, 0L)) {
          found.add(l.key() + ": " + reserved + " reserved, confirmed orders hold " + held.getOrDefault(l, 0L));
        }
        if (onHand != books.expectedOnHand(l.locationId(), l.productId())) {
          found.add(l.key() + ": on hand " + onHand + ", clients were told "
              + books.expectedOnHand(l.locationId(), l.productId()));
        }
      }
      return found;
    });
  }

  /** Every level's on-hand equals initial + received + returned − sold as clients were told; none negative. */
  public static Check stockBooks(Snapshot owners, Books books) {
    List<String> found = new ArrayList<>();
    long lost = 0;
    for (Map.Entry<Books.Level, Snapshot.LevelState> e : owners.levels().entrySet()) {
      Books.Level l = e.getKey();
      Snapshot.LevelState level = e.getValue();
      long expected = books.expectedOnHand(l.locationId(), l.productId());
      if (level.onHand() != expected) {
        lost++;
        found.add(l.key() + ": on hand " + level.onHand() + ", clients were told " + expected);
      }
      if (level.onHand() < 0 || level.available() < 0) {
        found.add(l.key() + ": negative " + level);
      }
    }
    Collections.sort(found);
    return new Check("stock books", found, lost, 0, Duration.ZERO);
  }

  /**
   * Reads {@code stock-events} (key {@code locationId:productId}), {@code cart-events} (key cartId) and
   * {@code order-events} (key orderId) from the start, until the {@code ce_sequence} versions of every level, cart and
   * order of the snapshot cover 1..its owner's
   * version without a gap, or {@code within} passed. Records repeating a {@code ce_id}
   * are counted as doubled (allowed: delivery is at least once).
   */
  public static Check eventVersions(Services services, Snapshot owners, Duration within) {
    Map<String, Long> levels = new HashMap<>();
    owners.levels().forEach((l, state) -> levels.put(l.key(), state.version()));
    Map<String, Long> carts = new HashMap<>();
    owners.carts().forEach((id, state) -> carts.put(id, state.version()));
    Map<String, Long> orders = new HashMap<>();
    owners.orders().forEach((id, state) -> orders.put(id, state.version()));
    EventLedger ledger = new EventLedger(Map.of("stock-events", levels, "cart-events", carts, "order-events", orders));
    long start = System.nanoTime();
    try (KafkaTopicReader reader = new KafkaTopicReader(services.kafka(), "stock-events", "cart-events",
        "order-events")) {
      reader.pollUntil(seen -> {
        ledger.update(seen);
        return ledger.complete();
      }, within);
    }
    return ledger.check(Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * Waits up to {@code within} for projection-service to equal the owners: per location, {@code available} of each
   * product as stock-service has it; per cart, the version and each line's quantity as cart-service has them; per
   * order, its status and version.
   */
  public static Check readModels(Services services, Snapshot owners, Duration within) {
    Map<String, List<Books.Level>> byLocation = new TreeMap<>();
    owners.levels().keySet().forEach(l -> byLocation.computeIfAbsent(l.locationId(), k -> new ArrayList<>()).add(l));
    return poll("read models", within, () -> {
      List<String> found = new ArrayList<>();
      byLocation.forEach((location, levels) -> found.addAll(stockView(services, owners, location, levels)));
      new TreeMap<>(owners.carts()).forEach((id, owner) -> {
        Answer answer = services.projection().get("/carts/" + id);
        Snapshot.CartState view = answer.status() == 200 ? Snapshot.CartState.of(answer.json()) : null;
        if (!owner.equals(view)) {
          found.add("cart " + id + ": view " + (view == null ? "answers " + answer.status() : view) + ", owner "
              + owner);
        }
      });
      new TreeMap<>(owners.orders()).forEach((id, owner) -> {
        Answer answer = services.projection().get("/orders/" + id);
        Snapshot.OrderState view = answer.status() == 200 ? Snapshot.OrderState.of(answer.json()) : null;
        if (!owner.equals(view)) {
          found.add("order " + id + ": view " + (view == null ? "answers " + answer.status() : view) + ", owner "
              + owner);
        }
      });
      return found;
    });
  }

  /**
   * Waits up to {@code within} for analytics-service's units per product and location (its top products over the
   * days of the run, net of returns and cancellations) to equal what the owners did: units sold at the tills and in
   * fulfilled orders, plus those confirmed orders still hold, less those returned. A redelivery counted twice shows as
   * more units, a lost event as fewer.
   */
  public static Check analytics(Services services, Snapshot owners, Books books, Duration within) {
    Map<String, List<Books.Level>> byLocation = new TreeMap<>();
    owners.levels().keySet().forEach(l -> byLocation.computeIfAbsent(l.locationId(), k -> new ArrayList<>()).add(l));
    LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris")); // the zone of locations created without one
    return poll("analytics", within, () -> {
      List<String> found = new ArrayList<>();
      byLocation.forEach((location, levels) -> {
        Answer top = services.analytics().get("/analytics/top-products?locationId=" + location + "&from="
            + today.minusDays(1) + "&to=" + today.plusDays(1) + "&limit=100");
        if (top.status() != 200) {
          found.add("location " + location + ": top products answer " + top.status());
          return;
        }
        List<String> products = top.json().getList("items.productId", String.class);
        List<Number> units = top.json().getList("items.units", Number.class);
        Map<String, Long> counted = new HashMap<>();
        for (int i = 0; i < products.size(); i++) {
          counted.put(products.get(i), units.get(i).longValue());
        }
        for (Books.Level l : levels) {
          Snapshot.LevelState level = owners.levels().get(l);
          long expected = books.netSold(l) + level.onHand() - level.available();
          long shown = counted.getOrDefault(l.productId(), 0L);
          if (shown != expected) {
            found.add(l.key() + ": analytics counts " + shown + " units, the owners " + expected);
          }
        }
      });
      return found;
    });
  }

  /**
   * Reads the dead-letter topics to their end: none may hold a record about this workload's locations,
   * products or carts (records of other tests on the same broker are ignored). The workload only sends good
   * commands, so each such record is an update a read model lost: counted as lost.
   */
  public static Check deadLetters(Services services, Books books) {
    Set<String> ours = new HashSet<>(books.carts());
    ours.addAll(books.orders());
    books.levels().forEach(l -> {
      ours.add(l.locationId());
      ours.add(l.productId());
    });
    List<Received> records;
    long start = System.nanoTime();
    try (KafkaTopicReader reader = new KafkaTopicReader(services.kafka(),
        DEAD_LETTER_TOPICS.toArray(String[]::new))) {
      records = reader.readToEnd(DEAD_LETTER_READ);
    }
    List<String> found = new ArrayList<>();
    for (Received r : records) {
      if (ours.stream()
          .anyMatch(id -> String.valueOf(r.key()).contains(id) || String.valueOf(r.value()).contains(id))) {
        found.add(r.topic() + " key " + r.key() + " " + r.header("ce_type") + ": " + r.header("dead-letter-reason"));
      }
    }
    return new Check("dead letters", found, found.size(), 0, Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * Replays {@code sample} successful commands picked at random, with their keys and bodies: each must answer the
   * same status and the same body, with {@code Idempotent-Replayed: true}.
   */
  public static Check replays(Services services, Books books, int sample) {
    List<Answer> picked = books.successes();
    Collections.shuffle(picked);
    List<String> found = new ArrayList<>();
    long start = System.nanoTime();
    for (Answer original : picked.subList(0, Math.min(sample, picked.size()))) {
      Answer again = services.clientOf(original).replay(original);
      if (again.status() != original.status() || !again.body().equals(original.body()) || !again.replayed()) {
        found.add(original.describe() + " replayed as " + again.describe()
            + (again.replayed() ? "" : " without Idempotent-Replayed: true")
            + (again.body().equals(original.body())
                ? ""
                : ", body " + again.body() + " instead of " + original.body()));
      }
    }
    return new Check("replays", found, 0, 0, Duration.ofNanos(System.nanoTime() - start));
  }

  /** The stock view of one location against the owner's levels there. */
  private static List<String> stockView(Services services, Snapshot owners, String location,
      List<Books.Level> levels) {
    Answer view = services.projection().get("/locations/" + location + "/stock");
    if (view.status() != 200) {
      return List.of("location " + location + ": stock view answers " + view.status());
    }
    List<String> products = view.json().getList("productId", String.class);
    List<Number> available = view.json().getList("available", Number.class);
    Map<String, Long> shown = new HashMap<>();
    for (int i = 0; i < products.size(); i++) {
      shown.put(products.get(i), available.get(i).longValue());
    }
    List<String> found = new ArrayList<>();
    for (Books.Level l : levels) {
      long owner = owners.levels().get(l).available();
      if (!Long.valueOf(owner).equals(shown.get(l.productId()))) {
        found.add(l.key() + ": view shows available " + shown.get(l.productId()) + ", owner " + owner);
      }
    }
    return found;
  }

  /** Runs {@code attempt} until it finds nothing or {@code within} has passed; its last findings count as lost. */
  private static Check poll(String name, Duration within, Supplier<List<String>> attempt) {
    long start = System.nanoTime();
    List<String> found = attempt.get();
    while (!found.isEmpty() && System.nanoTime() - start + POLL_EVERY.toNanos() < within.toNanos()) {
      try {
        Thread.sleep(POLL_EVERY.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      found = attempt.get();
    }
    return new Check(name, found, found.size(), 0, Duration.ofNanos(System.nanoTime() - start));
  }
}
