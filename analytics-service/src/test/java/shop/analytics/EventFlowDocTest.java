package shop.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import shop.testsupport.EventFlowTable;

/**
 * The root README's consumers column says which topics analytics-service reads: exactly those its channels read (its
 * Kafka Streams topology reads {@code sale-events}, which a channel reads too).
 */
class EventFlowDocTest {

  @Test
  void shouldListExactlyTheTopicsThisServiceConsumes() {
    var consumed = EventFlowTable.topicsOfIncomingChannels(Path.of("src/main/resources/application.properties"));
    assertThat(EventFlowTable.topicsConsumedBy("analytics-service")).isEqualTo(consumed)
        .containsExactlyInAnyOrder("location-events", "sale-events", "order-events", "cart-events");
  }
}
