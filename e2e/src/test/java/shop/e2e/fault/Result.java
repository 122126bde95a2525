package shop.e2e.fault;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A scenario's reconciliation, one row of the fault suite's table.
 *
 * @param scenario the scenario's name, e.g. {@code "kill -9 stock-service"}
 * @param operations commands the workload concluded
 * @param faults faults injected
 * @param lost missing versions + levels that disagree with the books + read-model entries that did not converge
 *     + good records dead-lettered
 * @param doubled records on Kafka with a {@code ce_id} seen before
 * @param timeToConverge from the start of the reconciliation until the read models equalled the owners' state
 * @param discrepancies every finding, prefixed with its check's name; empty when the scenario passed
 */
public record Result(String scenario, long operations, int faults, long lost, long doubled, Duration timeToConverge,
    List<String> discrepancies) {

  /** The table's header (two lines) for {@link #toRow()}. */
  public static String header() {
    return "| scenario | operations | faults | lost | doubled | time to converge |\n"
        + "|---|---:|---:|---:|---:|---:|";
  }

  /** {@code | scenario | operations | faults | lost | doubled | time to converge |} in markdown. */
  public String toRow() {
    return String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %.1f s |", scenario, operations, faults, lost,
        doubled, timeToConverge.toMillis() / 1000.0);
  }

  public boolean ok() {
    return discrepancies.isEmpty();
  }
}
