package shop.platform.projection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.quarkus.logging.Log;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;

import shop.platform.messaging.EventRecord;
import shop.platform.messaging.KafkaConnection;

/**
 * Reads a projection's topics back from the beginning (a plain consumer, no group) and applies every event with the
 * projection's own code to the tables the connection sees (a rebuild's copies). Blocking; one per rebuild.
 */
public final class HistoryReplay implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(200);

  /** Counts what a replay applied and skipped (unreadable or refused by PostgreSQL). */
  public interface Progress {
    void add(long replayed, long skipped);
  }

  private final Projection projection;
  private final SqlConnection conn;
  private final RebuildTables tables;
  private final Progress progress;
  private final KafkaConsumer<String, String> consumer;
  private final List<TopicPartition> partitions;

  public HistoryReplay(KafkaConnection kafka, Projection projection, SqlConnection conn, RebuildTables tables,
      Progress progress) {
    this.projection = projection;
    this.conn = conn;
    this.tables = tables;
    this.progress = progress;
    Map<String, Object> props = kafka.with(Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
    this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    try {
      List<TopicPartition> all = new ArrayList<>();
      for (String topic : projection.topics()) {
        consumer.partitionsFor(topic, Duration.ofSeconds(10)).forEach(i -> all.add(new TopicPartition(i.topic(),
            i.partition())));
      }
      this.partitions = List.copyOf(all);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    } catch (RuntimeException e) {
      consumer.close(); // the caller's try-with-resources never gets this object
      throw e;
    }
  }

  /** Events left between the replay's position and the topic's end offsets (read now). */
  public long behind() {
    long behind = 0;
    for (var end : consumer.endOffsets(partitions).entrySet()) {
      behind += Math.max(0, end.getValue() - consumer.position(end.getKey()));
    }
    return behind;
  }

  /** Applies one poll of records, one transaction per poll (outside the swap). */
  public void replayOnePoll() {
    List<ConsumerRecord<String, String>> records = poll();
    if (records.isEmpty()) {
      return;
    }
    tables.begin();
    try {
      long skipped = 0;
      for (ConsumerRecord<String, String> r : records) {
        skipped += applyOne(r) ? 0 : 1;
      }
      tables.commit();
      progress.add(records.size(), skipped);
    } catch (PgException failed) {
      // a statement failed: apply the poll again one record at a time, skipping those that fail
      tables.rollback();
      tables.begin();
      applyEach(records);
      tables.commit();
    }
  }

  /**
   * Inside the swap's transaction (the live tables locked, so nothing new lands in them): applies every record up to
   * the end offsets read now, each with its savepoint.
   */
  public void replayToTheEnd() {
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
      List<ConsumerRecord<String, String>> records = poll();
      if (!records.isEmpty()) {
        applyEach(records);
      }
    }
  }

  private List<ConsumerRecord<String, String>> poll() {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    consumer.poll(POLL).forEach(records::add);
    return records;
  }

  private void applyEach(List<ConsumerRecord<String, String>> records) {
    long skipped = 0;
    for (ConsumerRecord<String, String> r : records) {
      tables.savepoint();
      try {
        skipped += applyOne(r) ? 0 : 1;
        tables.releaseSavepoint();
      } catch (PgException e) {
        Log.warnf("rebuild of %s: record %s-%d skipped: %s", projection.name(), r.topic(), r.offset(), e.getMessage());
        tables.rollbackToSavepoint();
        skipped++;
      }
    }
    progress.add(records.size(), skipped);
  }

  /**
   * Applies a record; false when it cannot be read (it was dead-lettered when first consumed). A database error is
   * thrown to the caller, whose transaction it aborted.
   */
  private boolean applyOne(ConsumerRecord<String, String> r) {
    EventRecord event;
    try {
      event = EventRecord.of(r);
    } catch (RuntimeException unreadable) {
      return false;
    }
    if (event.type() == null || !projection.handledTypes().contains(event.type())) {
      return event.type() != null; // another type: not ours; no type at all: unreadable
    }
    try {
      projection.replay(conn, event).await().atMost(Duration.ofSeconds(30));
      return true;
    } catch (PgException e) {
      throw e;
    } catch (RuntimeException unreadable) {
      Log.debugf("rebuild of %s: record %s-%d skipped: %s", projection.name(), r.topic(), r.offset(),
          unreadable.getMessage());
      return false;
    }
  }

  @Override
  public void close() {
    consumer.close();
  }
}
