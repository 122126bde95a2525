package shop.e2e.fault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import shop.testsupport.KafkaTopicReader.Received;

/**
 * The versioned records ({@code ce_sequence}) of some aggregates as read from their topics, against the versions
 * their owners hold: each aggregate's versions must cover 1..the owner's version, with no gap and nothing beyond.
 * Records of other keys are ignored; a record whose {@code ce_id} was seen before counts as doubled.
 */
final class EventLedger {
  private static final int VERSIONS_LISTED = 10;

  /** topic → key → the owner's version. */
  private final Map<String, Map<String, Long>> expected;
  /** topic → key → version → the ce_ids published with it. */
  private final Map<String, Map<String, TreeMap<Long, Set<String>>>> published = new HashMap<>();
  private final Set<String> ids = new HashSet<>();
  private final List<String> malformed = new ArrayList<>();
  private long doubled;
  private int read;

  EventLedger(Map<String, Map<String, Long>> expected) {
    this.expected = expected;
    expected.keySet().forEach(topic -> published.put(topic, new HashMap<>()));
  }

  /** Takes the records of {@code seen} not taken yet ({@code seen} grows by appending, as the reader's does). */
  void update(List<Received> seen) {
    for (Received r : seen.subList(read, seen.size())) {
      add(r);
    }
    read = seen.size();
  }

  /** Whether every aggregate's versions 1..its owner's version have all been read. */
  boolean complete() {
    return expected.entrySet().stream().allMatch(t -> t.getValue().entrySet().stream()
        .allMatch(k -> k.getValue() < 1
            || versions(t.getKey(), k.getKey()).subMap(1L, true, k.getValue(), true).size() == k.getValue()));
  }

  Check check(Duration took) {
    List<String> found = new ArrayList<>(malformed);
    long lost = 0;
    for (Map.Entry<String, Map<String, Long>> topic : expected.entrySet()) {
      for (Map.Entry<String, Long> key : new TreeMap<>(topic.getValue()).entrySet()) {
        String where = topic.getKey() + " " + key.getKey() + ": ";
        Map<Long, Set<String>> versions = versions(topic.getKey(), key.getKey());
        List<Long> missing = new ArrayList<>();
        for (long v = 1; v <= key.getValue(); v++) {
          if (!versions.containsKey(v)) {
            missing.add(v);
          }
        }
        lost += missing.size();
        if (!missing.isEmpty()) {
          found.add(where + missing.size() + " version(s) of 1.." + key.getValue() + " missing: "
              + missing.subList(0, Math.min(VERSIONS_LISTED, missing.size())));
        }
        if (last(topic.getKey(), key.getKey()) > key.getValue()) {
          found.add(where + "version " + last(topic.getKey(), key.getKey()) + " published, the owner is at "
              + key.getValue());
        }
        versions.forEach((v, eventIds) -> {
          if (eventIds.size() > 1) {
            found.add(where + "version " + v + " published as " + eventIds.size() + " different events");
          }
        });
      }
    }
    return new Check("event versions", found, lost, doubled, took);
  }

  private void add(Received r) {
    Map<String, Long> keys = expected.get(r.topic());
    if (keys == null || !keys.containsKey(r.key())) {
      return;
    }
    String id = r.header("ce_id");
    Long version = sequence(r);
    if (id == null || version == null) {
      malformed.add(r.topic() + " " + r.key() + " offset " + r.offset() + ": ce_id " + id + ", ce_sequence "
          + r.header("ce_sequence"));
      return;
    }
    if (!ids.add(id)) {
      doubled++;
    }
    versions(r.topic(), r.key()).computeIfAbsent(version, v -> new TreeSet<>()).add(id);
  }

  private static Long sequence(Received r) {
    try {
      return Long.valueOf(r.header("ce_sequence"));
    } catch (NumberFormatException absentOrNotANumber) {
      return null;
    }
  }

  private TreeMap<Long, Set<String>> versions(String topic, String key) {
    return published.get(topic).computeIfAbsent(key, k -> new TreeMap<>());
  }

  private long last(String topic, String key) {
    TreeMap<Long, Set<String>> versions = versions(topic, key);
    return versions.isEmpty() ? 0 : versions.lastKey();
  }
}
