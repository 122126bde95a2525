package shop.analytics.streams;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;

import shop.events.EventTypes;

/**
 * Lets each completed sale through once, re-keyed by its location with its event time as value. Kafka's exactly-once
 * covers what the topology itself reads and writes, not a sale our outbox relay published twice: a {@code ce_id} seen
 * within the dedupe window (a window store, so old ids expire by segment) is dropped. Duplicates of a sale share its
 * key (the sale id), hence its partition and this store. Counted as
 * {@code analytics_activity_events_total{outcome=counted|duplicate|skipped|unreadable}}.
 */
class FirstSightOfSale implements Processor<String, String, String, Long> {
  private final String storeName;
  private final long windowMillis;
  private final ObjectMapper mapper;
  private final MeterRegistry registry;
  private WindowStore<String, Long> seen;
  private ProcessorContext<String, Long> context;

  FirstSightOfSale(String storeName, Duration window, ObjectMapper mapper, MeterRegistry registry) {
    this.storeName = storeName;
    this.windowMillis = window.toMillis();
    this.mapper = mapper;
    this.registry = registry;
  }

  @Override
  public void init(ProcessorContext<String, Long> context) {
    this.context = context;
    this.seen = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, String> record) {
    if (!EventTypes.SALE_COMPLETED.equals(header(record, "ce_type"))) {
      count("skipped");
      return;
    }
    String id = header(record, "ce_id");
    String location = locationOf(record.value());
    if (id == null || location == null) {
      count("unreadable"); // the daily consumer dead-letters it
      return;
    }
    long at = record.timestamp();
    try (WindowStoreIterator<Long> earlier = seen.fetch(id, at - windowMillis, at + windowMillis)) {
      if (earlier.hasNext()) {
        count("duplicate");
        return;
      }
    }
    seen.put(id, at, at);
    count("counted");
    context.forward(new Record<>(location, at, at, new RecordHeaders()));
  }

  private String locationOf(String json) {
    if (json == null) {
      return null;
    }
    try {
      JsonNode location = mapper.readTree(json).get("locationId");
      return location != null && location.isTextual() && !location.asText().isBlank() ? location.asText() : null;
    } catch (Exception unreadable) {
      return null;
    }
  }

  private void count(String outcome) {
    registry.counter("analytics.activity.events", "outcome", outcome).increment();
  }

  private static String header(Record<String, String> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
