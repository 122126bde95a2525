package shop.e2e.fault;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * The workload's open carts that no worker is using. A worker takes a cart out for one command and puts it back with
 * the lines the answer showed, so no two commands race on one cart and the known lines are exact (a change of
 * quantity names a line that exists). A cart merged into another is not put back: it is closed.
 */
final class CartPool {
  /** An open cart and the products of its lines after its last command. */
  record Cart(String id, String locationId, List<String> productIds) {
  }

  private final List<Cart> idle = new ArrayList<>();

  synchronized void put(Cart cart) {
    idle.add(cart);
  }

  /** Takes a random idle cart that matches, if any. */
  synchronized Optional<Cart> take(Predicate<Cart> matching) {
    List<Cart> candidates = idle.stream().filter(matching).toList();
    if (candidates.isEmpty()) {
      return Optional.empty();
    }
    Cart cart = candidates.get(ThreadLocalRandom.current().nextInt(candidates.size()));
    idle.remove(cart);
    return Optional.of(cart);
  }

  /** Takes two idle carts at the same location (target first, then source), if there are. */
  synchronized Optional<List<Cart>> takePair() {
    Optional<Cart> target = take(c -> idle.stream().anyMatch(o -> o != c && o.locationId().equals(c.locationId())));
    return target.map(t -> List.of(t, take(c -> c.locationId().equals(t.locationId())).orElseThrow()));
  }
}
