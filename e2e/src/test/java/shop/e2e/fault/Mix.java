package shop.e2e.fault;

import static java.util.stream.Collectors.joining;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The workload's commands, one at a time from any thread, chosen at random: sales (28 %), returns (10 %), receipts
 * (14 %), new carts (10 %), items added (20 %), quantities changed (8 %), merges (4 %), checkouts (4 %) and order
 * steps (2 %: a confirmed order cancelled or fulfilled). Each answer is counted in
 * the {@link Tally}; a success goes in the {@link Books}. A command whose outcome is unknown (no answer or a 5xx until
 * the client's deadline) waits in a queue until {@link #settle()} replays its key for the real outcome.
 */
final class Mix {
  /** What is left to return of one line of a sale. */
  private record SoldLine(String locationId, String saleId, String productId, int quantity) {
  }

  /** A command whose outcome is not known yet, and what to do with it once it is. */
  private record Pending(String kind, Client client, Answer answer, Consumer<Answer> then) {
  }

  private final Client stock;
  private final Client carts;
  private final Client staff;
  private final Books books;
  private final List<String> locations;
  private final List<String> products;
  private final Tally tally;
  private final CartPool cartPool = new CartPool();
  /** Orders placed and not yet ended by the workload (confirmed ones get cancelled or fulfilled). */
  private final Queue<String> openOrders = new ConcurrentLinkedQueue<>();
  private final List<SoldLine> returnable = new ArrayList<>();
  private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();

  Mix(Client stock, Client carts, Client staff, Books books, List<String> locations, List<String> products,
      Tally tally) {
    this.stock = stock;
    this.carts = carts;
    this.staff = staff;
    this.books = books;
    this.locations = List.copyOf(locations);
    this.products = List.copyOf(products);
    this.tally = tally;
  }

  /** Runs one command chosen at random. */
  void next() {
    int roll = random().nextInt(100);
    if (roll < 28) {
      sale();
    } else if (roll < 38) {
      returnSomething();
    } else if (roll < 52) {
      receipt();
    } else if (roll < 62) {
      createCart();
    } else if (roll < 82) {
      addItem();
    } else if (roll < 90) {
      changeQuantity();
    } else if (roll < 94) {
      merge();
    } else if (roll < 98) {
      checkout();
    } else {
      orderStep();
    }
  }

  /** Replays the key of every command whose outcome was unknown, and concludes it with the answer. */
  void settle() {
    for (Pending p = pending.poll(); p != null; p = pending.poll()) {
      conclude(p.kind(), p.client().replay(p.answer()), p.then());
    }
  }

  /** 1–3 different products, 1–2 of each, at one location. */
  private void sale() {
    String location = pick(locations);
    List<String> shuffled = new ArrayList<>(products);
    Collections.shuffle(shuffled, random());
    Map<String, Integer> lines = new LinkedHashMap<>();
    shuffled.subList(0, Math.min(shuffled.size(), 1 + random().nextInt(3)))
        .forEach(p -> lines.put(p, 1 + random().nextInt(2)));
    issue("sale", stock, "POST", "/locations/" + location + "/sales", items(lines), a -> {
      if (a.isSuccess()) {
        String saleId = a.json().getString("id");
        lines.forEach((product, quantity) -> {
          books.sold(location, product, quantity);
          putReturnable(new SoldLine(location, saleId, product, quantity));
        });
      }
    });
  }

  /** Part or all of one line of an earlier sale (a sale when nothing is left to return). */
  private void returnSomething() {
    Optional<SoldLine> taken = takeReturnable();
    if (taken.isEmpty()) {
      sale();
      return;
    }
    SoldLine line = taken.get();
    int quantity = 1 + random().nextInt(line.quantity());
    issue("return", stock, "POST", "/locations/" + line.locationId() + "/sales/" + line.saleId() + "/returns",
        items(Map.of(line.productId(), quantity)), a -> {
          if (a.isSuccess()) {
            books.returned(line.locationId(), line.productId(), quantity);
            if (quantity < line.quantity()) {
              putReturnable(new SoldLine(line.locationId(), line.saleId(), line.productId(),
                  line.quantity() - quantity));
            }
          }
        });
  }

  /** 1–10 units of one product at one location. */
  private void receipt() {
    String location = pick(locations);
    String product = pick(products);
    int quantity = 1 + random().nextInt(10);
    issue("receipt", stock, "POST", "/locations/" + location + "/stock/" + product + "/receipts",
        "{\"quantity\":" + quantity + "}", a -> {
          if (a.isSuccess()) {
            books.received(location, product, quantity);
          }
        });
  }

  /** A cart at a random location; all carts are one shopper's (the cart client's token), so any two can be merged. */
  private void createCart() {
    String location = pick(locations);
    issue("cart-create", carts, "POST", "/carts",
        "{\"locationId\":\"" + location + "\",\"currency\":\"EUR\"}", a -> {
          if (a.isSuccess()) {
            String id = a.json().getString("id");
            books.cart(id);
            cartPool.put(new CartPool.Cart(id, location, List.of()));
          }
        });
  }

  /** 1–2 of a random product into an idle cart (a new cart when none is idle). */
  private void addItem() {
    Optional<CartPool.Cart> taken = cartPool.take(c -> true);
    if (taken.isEmpty()) {
      createCart();
      return;
    }
    CartPool.Cart cart = taken.get();
    issue("cart-add", carts, "POST", "/carts/" + cart.id() + "/items",
        "{\"productId\":\"" + pick(products) + "\",\"quantity\":" + (1 + random().nextInt(2)) + "}",
        a -> cartPool.put(a.isSuccess() ? afterwards(cart, a) : cart));
  }

  /** A line of an idle cart set to 0–3 (0 removes it); an item added when no idle cart has a line. */
  private void changeQuantity() {
    Optional<CartPool.Cart> taken = cartPool.take(c -> !c.productIds().isEmpty());
    if (taken.isEmpty()) {
      addItem();
      return;
    }
    CartPool.Cart cart = taken.get();
    issue("cart-quantity", carts, "PUT", "/carts/" + cart.id() + "/items/" + pick(cart.productIds()),
        "{\"quantity\":" + random().nextInt(4) + "}", a -> cartPool.put(a.isSuccess() ? afterwards(cart, a) : cart));
  }

  /** One idle cart merged into another at the same location (a new cart when there is no such pair). */
  private void merge() {
    Optional<List<CartPool.Cart>> pair = cartPool.takePair();
    if (pair.isEmpty()) {
      createCart();
      return;
    }
    CartPool.Cart target = pair.get().get(0);
    CartPool.Cart source = pair.get().get(1);
    issue("cart-merge", carts, "POST", "/carts/" + target.id() + "/merge",
        "{\"sourceCartId\":\"" + source.id() + "\"}", a -> {
          if (a.isSuccess()) {
            cartPool.put(afterwards(target, a)); // the source is closed now
          } else {
            cartPool.put(target);
            cartPool.put(source);
          }
        });
  }

  /** An idle cart with lines checked out (an item added when none has lines); the cart is closed from then on. */
  private void checkout() {
    Optional<CartPool.Cart> taken = cartPool.take(c -> !c.productIds().isEmpty());
    if (taken.isEmpty()) {
      addItem();
      return;
    }
    checkOut(taken.get(), orderId -> {
    });
  }

  /**
   * Up to {@code count} checkouts now, one after the other (an item added first when no idle cart has lines): the
   * orders placed, for a fault that must find orders in flight.
   */
  List<String> checkoutBurst(int count) {
    List<String> placed = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int i = 0; i < count; i++) {
      Optional<CartPool.Cart> taken = cartPool.take(c -> !c.productIds().isEmpty());
      if (taken.isEmpty()) {
        addItem();
        taken = cartPool.take(c -> !c.productIds().isEmpty());
      }
      taken.ifPresent(cart -> checkOut(cart, placed::add));
    }
    return placed;
  }

  private void checkOut(CartPool.Cart cart, Consumer<String> placed) {
    issue("checkout", carts, "POST", "/carts/" + cart.id() + "/checkout", null, a -> {
      if (a.isSuccess()) {
        String orderId = a.json().getString("orderId");
        books.order(orderId);
        openOrders.add(orderId);
        placed.accept(orderId);
      } else {
        cartPool.put(cart);
      }
    });
  }

  /**
   * The next step of a placed order: a confirmed one is cancelled by the shopper or fulfilled by staff (its units then
   * leave the shelf, as for a sale); a placed one waits its turn; a rejected one is done.
   */
  private void orderStep() {
    String orderId = openOrders.poll();
    if (orderId == null) {
      checkout();
      return;
    }
    Answer order = carts.get("/orders/" + orderId);
    String status = order.status() == 200 ? order.json().getString("status") : "placed";
    if (status.equals("placed")) {
      openOrders.add(orderId);
    } else if (status.equals("confirmed")) {
      String location = order.json().getString("locationId");
      List<String> products = order.json().getList("lines.productId", String.class);
      List<Integer> quantities = order.json().getList("lines.quantity", Integer.class);
      if (random().nextBoolean()) {
        issue("order-cancel", carts, "POST", "/orders/" + orderId + "/cancel", null, a -> {
        });
      } else {
        issue("order-fulfil", staff, "POST", "/orders/" + orderId + "/fulfil", null, a -> {
          if (a.isSuccess()) {
            for (int i = 0; i < products.size(); i++) {
              books.sold(location, products.get(i), quantities.get(i));
            }
          }
        });
      }
    }
  }

  private void issue(String kind, Client client, String method, String path, String body, Consumer<Answer> then) {
    Answer answer = client.send(method, path, body);
    if (answer.isUnresolved()) {
      pending.add(new Pending(kind, client, answer, then));
    } else {
      conclude(kind, answer, then);
    }
  }

  private void conclude(String kind, Answer answer, Consumer<Answer> then) {
    tally.count(kind, answer);
    if (answer.isSuccess()) {
      books.answered(answer);
    }
    try {
      then.accept(answer);
    } catch (RuntimeException e) { // not the answer the contract promises: note it and keep the load steady
      tally.unreadable(answer, e);
    }
  }

  private static CartPool.Cart afterwards(CartPool.Cart cart, Answer a) {
    return new CartPool.Cart(cart.id(), cart.locationId(), a.json().getList("lines.productId", String.class));
  }

  private static String items(Map<String, Integer> lines) {
    return lines.entrySet().stream()
        .map(e -> "{\"productId\":\"" + e.getKey() + "\",\"quantity\":" + e.getValue() + "}")
        .collect(joining(",", "{\"items\":[", "]}"));
  }

  private synchronized void putReturnable(SoldLine line) {
    returnable.add(line);
  }

  private synchronized Optional<SoldLine> takeReturnable() {
    return returnable.isEmpty()
        ? Optional.empty()
        : Optional.of(returnable.remove(random().nextInt(returnable.size())));
  }

  private static <T> T pick(List<T> from) {
    return from.get(random().nextInt(from.size()));
  }

  private static ThreadLocalRandom random() {
    return ThreadLocalRandom.current();
  }
}
