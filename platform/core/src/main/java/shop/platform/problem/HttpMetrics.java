package shop.platform.problem;

import java.time.Duration;
import java.util.Set;
import java.util.stream.LongStream;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/**
 * HTTP metrics keep a bounded set of {@code uri} tags: a request refused before it matched a route (405, 406, 413,
 * 414, 415, 431) or abandoned by its client ({@code status="RESET"}) is tagged {@code uri="UNMATCHED"} rather than
 * with its raw path, which would fill Micrometer's tag cap with ids and leave later routes without metrics. The
 * server's request timer publishes a histogram with fixed buckets ({@link #LATENCY_BUCKETS_MS}), so a p95 or p99 per
 * route can be computed in Prometheus (without them it is a summary: a count and a sum).
 */
@Singleton
public class HttpMetrics {
  /** Statuses whose requests keep no route template; RESET: the client went away before the answer. */
  static final Set<String> UNMATCHED = Set.of("405", "406", "413", "414", "415", "431", "RESET");
  static final String UNMATCHED_URI = "UNMATCHED";
  /** The bucket bounds of {@code http_server_requests_seconds}, in ms: the SLOs' 50 and 100 ms among them. */
  static final long[] LATENCY_BUCKETS_MS = {5, 10, 25, 50, 100, 250, 500, 1000, 2500, 10000};

  @Produces
  @Singleton
  MeterFilter unmatchedUris() {
    return new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        String status = id.getTag("status");
        if (status != null && id.getName().startsWith("http.server") && UNMATCHED.contains(status)) {
          return id.withTag(Tag.of("uri", UNMATCHED_URI));
        }
        return id;
      }
    };
  }

  @Produces
  @Singleton
  MeterFilter latencyBuckets() {
    double[] bounds = LongStream.of(LATENCY_BUCKETS_MS).mapToDouble(ms -> Duration.ofMillis(ms).toNanos()).toArray();
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (id.getName().equals("http.server.requests")) {
          return DistributionStatisticConfig.builder().serviceLevelObjectives(bounds).build().merge(config);
        }
        return config;
      }
    };
  }
}
