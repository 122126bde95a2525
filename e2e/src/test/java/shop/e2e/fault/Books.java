package shop.e2e.fault;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What clients were told, and so what the system must show afterwards: per stock level the initial count and the
 * receipts, sales (POS sales and fulfilled orders) and returns that were answered as done; the carts created and the
 * orders placed; every successful command's answer (with
 * its key, to replay a sample later). Only successful answers go in: a refused command changed nothing. Thread-safe.
 */
public final class Books {
  /** One stock level; {@link #key()} is its Kafka record key on {@code stock-events}. */
  public record Level(String locationId, String productId) {
    public String key() {
      return locationId + ":" + productId;
    }
  }

  private static final class Counts {
    final AtomicLong initial = new AtomicLong();
    final LongAdder received = new LongAdder();
    final LongAdder sold = new LongAdder();
    final LongAdder returned = new LongAdder();
  }

  private final Map<Level, Counts> levels = new ConcurrentHashMap<>();
  private final Set<String> carts = ConcurrentHashMap.newKeySet();
  private final Set<String> orders = ConcurrentHashMap.newKeySet();
  private final Queue<Answer> successes = new ConcurrentLinkedQueue<>();

  /** The inventory count ({@code PUT .../stock/{p}} answered 200) set before the workload starts. */
  public void initial(String locationId, String productId, long onHand) {
    counts(locationId, productId).initial.set(onHand);
  }

  /** A receipt answered 200. */
  public void received(String locationId, String productId, long quantity) {
    counts(locationId, productId).received.add(quantity);
  }

  /** One line of a sale answered 201. */
  public void sold(String locationId, String productId, long quantity) {
    counts(locationId, productId).sold.add(quantity);
  }

  /** One line of a return answered 201. */
  public void returned(String locationId, String productId, long quantity) {
    counts(locationId, productId).returned.add(quantity);
  }

  /** A cart created (answered 201). */
  public void cart(String cartId) {
    carts.add(cartId);
  }

  /** An order placed (checkout answered 202). */
  public void order(String orderId) {
    orders.add(orderId);
  }

  /** Every order placed. */
  public Set<String> orders() {
    return Set.copyOf(orders);
  }

  /** Keeps a successful answer, to replay it later. */
  public void answered(Answer success) {
    if (!success.isSuccess()) {
      throw new IllegalArgumentException("not a success: " + success.describe());
    }
    successes.add(success);
  }

  /** initial + received + returned − sold, as clients were told. */
  public long expectedOnHand(String locationId, String productId) {
    Counts c = levels.get(new Level(locationId, productId));
    if (c == null) {
      throw new IllegalArgumentException("no books for " + locationId + ":" + productId);
    }
    return c.initial.get() + c.received.sum() + c.returned.sum() - c.sold.sum();
  }

  /** Units sold (POS sales and fulfilled orders) less units returned, as clients were told. */
  public long netSold(Level level) {
    Counts c = levels.get(level);
    return c == null ? 0 : c.sold.sum() - c.returned.sum();
  }

  /** Every stock level in the books. */
  public Set<Level> levels() {
    return Set.copyOf(levels.keySet());
  }

  /** Every cart created. */
  public Set<String> carts() {
    return Set.copyOf(carts);
  }

  /** Every successful answer so far, in the order they were recorded. */
  public List<Answer> successes() {
    return new ArrayList<>(successes);
  }

  private Counts counts(String locationId, String productId) {
    return levels.computeIfAbsent(new Level(locationId, productId), l -> new Counts());
  }
}
