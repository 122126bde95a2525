package shop.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import shop.testsupport.EventFlowTable;

/** The root README's event-flow table lists exactly the catalogue's topics and types. */
class EventFlowTableTest {

  @Test
  void shouldListEveryTypeOfTheCatalogueUnderItsTopicAndNothingElse() {
    // given the catalogue, by topic
    Map<String, Set<String>> catalogue = new TreeMap<>();
    EventCatalog.ENTRIES.values()
        .forEach(e -> catalogue.computeIfAbsent(e.topic(), t -> new TreeSet<>()).add(e.type()));
    // when the README's table is read
    Map<String, Set<String>> readme = new TreeMap<>();
    EventFlowTable.rows().forEach(r -> readme.put(r.topic(), new TreeSet<>(r.types())));
    // then
    assertThat(readme).isEqualTo(catalogue);
  }

  @Test
  void shouldNameTheStockKeyAsStockKeyBuildsIt() {
    var stock = EventFlowTable.rows().stream().filter(r -> r.topic().equals(Topics.STOCK_EVENTS)).findFirst()
        .orElseThrow();
    assertThat(stock.key()).isEqualTo(StockKey.of("locationId", "productId"));
  }
}
