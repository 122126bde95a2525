package shop.platform.messaging;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** How many records of a topic a consumer group has not committed yet: the topic's end offsets minus its own. */
public final class GroupLag {
  private GroupLag() {
  }

  /** Blocking (admin calls of at most 5 s each); for a scheduled refresh, never a request. */
  public static long eventsBehind(Admin admin, String group, String topic)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
    List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS)
        .get(topic).partitions().stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    var ends = admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
    long behind = 0;
    for (TopicPartition tp : partitions) {
      OffsetAndMetadata c = committed.get(tp);
      behind += ends.get(tp).offset() - (c == null ? 0 : c.offset());
    }
    return Math.max(0, behind);
  }
}
