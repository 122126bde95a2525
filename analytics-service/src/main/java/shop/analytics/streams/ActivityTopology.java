package shop.analytics.streams;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;

import shop.analytics.config.AnalyticsConfig;
import shop.analytics.domain.Activity;
import shop.events.Topics;

/**
 * The live activity topology (Kafka Streams, exactly-once): {@code sale-events} → each completed sale once
 * ({@link FirstSightOfSale}) → re-keyed by location (a repartition topic, so a location's sales meet in one task and
 * the state scales out by partition) → two stores:
 * <ul>
 * <li>{@value #PER_MINUTE}: sales per location and minute of event time, kept for an hour (plus the grace); a sale
 * later than the grace behind the stream's newest is dropped from them (Kafka Streams counts it in
 * {@code dropped-records});</li>
 * <li>{@value #LAST_SALE}: each location's latest sale time.</li>
 * </ul>
 * Reads sum the minutes against the wall clock ({@link Activity}), so quiet locations decay without new events.
 */
@ApplicationScoped
public class ActivityTopology {
  public static final String PER_MINUTE = "sales-per-minute";
  public static final String LAST_SALE = "last-sale";
  static final String SEEN = "seen-sale-events";

  private final AnalyticsConfig config;
  private final ObjectMapper mapper;
  private final MeterRegistry registry;

  public ActivityTopology(AnalyticsConfig config, ObjectMapper mapper, MeterRegistry registry) {
    this.config = config;
    this.mapper = mapper;
    this.registry = registry;
  }

  /**
   * The handler quarkus-kafka-streams installs: a stream thread that dies of an error is replaced and its tasks start
   * again from their last exactly-once commit (the default would stop the whole client for good). Static: the
   * streams client is built before any bean that uses it.
   */
  @Produces
  @ApplicationScoped
  static StreamsUncaughtExceptionHandler replaceDeadThreads() {
    return failure -> {
      Log.errorf(failure, "a live-activity stream thread died; replacing it");
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    };
  }

  @Produces
  public Topology topology() {
    Duration grace = config.activity().grace();
    Duration dedupe = config.activity().dedupeWindow();
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(SEEN, dedupe, dedupe, false),
        Serdes.String(), Serdes.Long()));
    KStream<String, Long> sales = builder
        .stream(Topics.SALE_EVENTS, Consumed.with(Serdes.String(), Serdes.String())
            .withTimestampExtractor(new EventTimeExtractor()))
        .process(() -> new FirstSightOfSale(SEEN, dedupe, mapper, registry), SEEN)
        .repartition(Repartitioned.with(Serdes.String(), Serdes.Long()).withName("sales-by-location"));
    sales.groupByKey()
        .windowedBy(TimeWindows.ofSizeAndGrace(Activity.MINUTE, grace))
        .count(Materialized.<String, Long, WindowStore<Bytes, byte[]>>as(PER_MINUTE)
            .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long())
            .withRetention(Activity.HOUR.plus(grace).plus(Activity.MINUTE)));
    sales.groupByKey()
        .reduce(Math::max, Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as(LAST_SALE)
            .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()));
    return builder.build();
  }
}
