package shop.testsupport;

/** Reading a Prometheus text scrape ({@code /q/metrics}) in tests. */
public final class Metrics {
  private Metrics() {
  }

  /**
   * The value of one series, written exactly as scraped ({@code name} or {@code name{label="v",...}}), or 0 when the
   * scrape does not have it yet. Lines are {@code series value [# exemplar]}.
   */
  public static double value(String scrape, String series) {
    return scrape.lines().filter(l -> l.startsWith(series + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1).split(" ")[0])).findFirst().orElse(0);
  }
}
