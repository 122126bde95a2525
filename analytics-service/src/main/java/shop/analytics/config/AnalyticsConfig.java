package shop.analytics.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** analytics-service's settings ({@code analytics.*}). */
@ConfigMapping(prefix = "analytics")
public interface AnalyticsConfig {

  /** The zone a location's days are counted in when its {@code location.created.v1} names none. */
  @WithDefault("Europe/Paris")
  String defaultTimeZone();

  /** The currency figures are answered in for a location that has none yet (no sale, order or cart). */
  @WithDefault("EUR")
  String defaultCurrency();

  Activity activity();

  Queries queries();

  Rebuild rebuild();

  /** {@code POST /analytics/rebuild}. */
  interface Rebuild {
    /** Under this many events left to read back, the copies catch up inside the swap's transaction. */
    @WithDefault("1000")
    long swapWhenBehind();

    /** How long after a rebuild completed here another may start. */
    @WithDefault("10m")
    Duration cooldown();
  }

  /** Live activity (Kafka Streams). */
  interface Activity {
    /** More sales than this in 5 minutes make a location busy. */
    @WithDefault("10")
    long busyAbove();

    /** The polling hint of a busy location. */
    @WithDefault("5s")
    Duration busyPoll();

    /** The polling hint of any other location. */
    @WithDefault("30s")
    Duration quietPoll();

    /**
     * How late (event time, behind the newest sale seen on the stream) a sale may arrive and still be counted in its
     * minute; later ones are dropped from the live figures (they still count in the daily ones) and counted.
     */
    @WithDefault("2m")
    Duration grace();

    /** How long a sale's {@code ce_id} is remembered, so that a redelivery within that time is not counted again. */
    @WithDefault("24h")
    Duration dedupeWindow();

    /** How long an activity read proxied to the instance holding the location may take. */
    @WithDefault("2s")
    Duration proxyTimeout();
  }

  /** Limits of the daily and top-products queries. */
  interface Queries {
    /** The longest range of days a query may span. */
    @WithDefault("366")
    int maxDays();
  }
}
