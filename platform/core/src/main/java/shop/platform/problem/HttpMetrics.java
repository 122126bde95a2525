package shop.platform.problem;

import java.util.Set;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * HTTP metrics keep a bounded set of {@code uri} tags: a request refused before it matched a route (405, 406, 413,
 * 414, 415, 431) is tagged {@code uri="UNMATCHED"} rather than with its raw path, which would fill Micrometer's tag
 * cap with ids and leave later routes without metrics.
 */
@Singleton
public class HttpMetrics {
  static final Set<String> UNMATCHED = Set.of("405", "406", "413", "414", "415", "431");
  static final String UNMATCHED_URI = "UNMATCHED";

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
}
