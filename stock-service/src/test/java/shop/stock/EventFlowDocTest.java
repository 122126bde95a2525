package shop.stock;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import shop.testsupport.EventFlowTable;

/** The root README's consumers column says which topics stock-service reads: exactly those its channels read. */
class EventFlowDocTest {

  @Test
  void shouldListExactlyTheTopicsThisServiceConsumes() {
    var consumed = EventFlowTable.topicsOfIncomingChannels(Path.of("src/main/resources/application.properties"));
    assertThat(EventFlowTable.topicsConsumedBy("stock-service")).isEqualTo(consumed);
  }
}
