package shop.e2e.fault;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of one reconciliation check.
 *
 * @param name what was checked, e.g. {@code "stock books"}
 * @param discrepancies human-readable findings; empty when everything matched
 * @param lost changes missing (versions missing on Kafka, levels that disagree with the books, read-model entries
 *     that did not converge)
 * @param doubled records published again with a {@code ce_id} seen before
 * @param took how long the check waited for things to match (its whole time bound when they never did)
 */
public record Check(String name, List<String> discrepancies, long lost, long doubled, Duration took) {
  public boolean ok() {
    return discrepancies.isEmpty();
  }
}
