package shop.e2e.fault;

import java.util.List;

/**
 * The system under test as the reconciliation sees it: the Kafka broker and clients of the four services.
 *
 * @param kafka the broker's bootstrap servers
 * @param stock client of stock-service
 * @param carts client of cart-service
 * @param projection client of projection-service
 * @param staff client of cart-service with a back-office token (fulfils orders)
 * @param analytics client of analytics-service with an admin's token
 */
public record Services(String kafka, Client stock, Client carts, Client projection, Client staff,
    Client analytics) {

  /** The client of the service that answered {@code a} (to replay it). */
  Client clientOf(Answer a) {
    return List.of(stock, carts, projection, staff, analytics).stream().filter(c -> c.service().equals(a.service()))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no client of " + a.service()));
  }
}
