package shop.projection.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import shop.projection.domain.VersionOrder.Event;
import shop.projection.domain.VersionOrder.Plan;

class VersionOrderTest {
  /** A view that remembers the events folded into it. */
  record View(String id, long version, List<String> events) {
  }

  private static final VersionOrder<String, View> ORDER = new VersionOrder<>(new VersionOrder.Fold<>() {
    @Override
    public long version(View view) {
      return view.version();
    }

    @Override
    public View fold(View current, String event) {
      String id = event.substring(0, event.indexOf(':'));
      List<String> events = new ArrayList<>(current == null ? List.of() : current.events());
      events.add(event);
      return new View(id, current == null ? 1 : current.version() + 1, events);
    }
  });

  private static Event<String> event(String id, long version) {
    return new Event<>(id, version, id + ":" + version, Instant.ofEpochSecond(version));
  }

  private static View view(String id, long version) {
    List<String> events = new ArrayList<>();
    for (long v = 1; v <= version; v++) {
      events.add(id + ":" + v);
    }
    return new View(id, version, events);
  }

  @Test
  void shouldApplyTheNextVersionsAndStartAnUnknownAggregateAtVersionOne() {
    // given: cart a at version 2, cart b unknown
    Map<String, View> views = Map.of("a", view("a", 2));
    // when
    Plan<String, View> plan = ORDER.plan(List.of(event("b", 1), event("a", 3), event("a", 4)), views, List.of());
    // then: one write per aggregate, in id order, with the time of its last event
    assertThat(plan.words()).containsExactly("applied", "applied", "applied");
    assertThat(plan.changed()).extracting(c -> c.view().events())
        .containsExactly(List.of("a:1", "a:2", "a:3", "a:4"), List.of("b:1"));
    assertThat(plan.changed().get(0).at()).isEqualTo(Instant.ofEpochSecond(4));
    assertThat(plan.toPark()).isEmpty();
    assertThat(plan.toRemove()).isEmpty();
  }

  @Test
  void shouldCountOlderVersionsAndAVersionTwiceInOnePollAsDuplicates() {
    // given
    Map<String, View> views = Map.of("a", view("a", 3));
    // when: version 2 again (already in the view), then 4 twice
    Plan<String, View> plan = ORDER.plan(List.of(event("a", 2), event("a", 4), event("a", 4)), views, List.of());
    // then
    assertThat(plan.words()).containsExactly("duplicate", "applied", "duplicate");
    assertThat(plan.changed()).singleElement().satisfies(c -> assertThat(c.view().version()).isEqualTo(4));
  }

  @Test
  void shouldParkAVersionThatComesBeforeTheOneItFollowsAndChangeNothing() {
    // given
    Map<String, View> views = Map.of("a", view("a", 1));
    // when: version 3 while 2 is missing
    Plan<String, View> plan = ORDER.plan(List.of(event("a", 3)), views, List.of());
    // then
    assertThat(plan.words()).containsExactly("parked");
    assertThat(plan.toPark()).extracting(Event::version).containsExactly(3L);
    assertThat(plan.changed()).isEmpty();
  }

  @Test
  void shouldApplyParkedVersionsOnceTheGapFillsAndRemoveThem() {
    // given: 3 and 4 parked, 6 parked behind another gap
    Map<String, View> views = Map.of("a", view("a", 1));
    List<Event<String>> parked = List.of(event("a", 4), event("a", 3), event("a", 6));
    // when: 2 arrives
    Plan<String, View> plan = ORDER.plan(List.of(event("a", 2)), views, parked);
    // then: 2, 3 and 4 applied, the view written once at 4's time; 6 stays parked
    assertThat(plan.words()).containsExactly("applied");
    assertThat(plan.changed()).singleElement().satisfies(c -> {
      assertThat(c.view().events()).containsExactly("a:1", "a:2", "a:3", "a:4");
      assertThat(c.at()).isEqualTo(Instant.ofEpochSecond(4));
    });
    assertThat(plan.toRemove()).extracting(Event::version).containsExactly(3L, 4L);
    assertThat(plan.toPark()).isEmpty();
  }

  @Test
  void shouldOrderAPollsEventsByVersionWhateverOrderTheyCameIn() {
    // given
    Map<String, View> views = Map.of("a", view("a", 1));
    // when: 3 before 2 in the same poll
    Plan<String, View> plan = ORDER.plan(List.of(event("a", 3), event("a", 2)), views, List.of());
    // then: nothing parked
    assertThat(plan.words()).containsExactly("applied", "applied");
    assertThat(plan.changed()).singleElement()
        .satisfies(c -> assertThat(c.view().events()).containsExactly("a:1", "a:2", "a:3"));
  }

  @Test
  void shouldRemoveAParkedEventTheViewAlreadyHolds() {
    // given: version 2 parked although the view is at 2 (it came again after the gap filled)
    Map<String, View> views = Map.of("a", view("a", 2));
    // when
    Plan<String, View> plan = ORDER.plan(List.of(event("a", 3)), views, List.of(event("a", 2)));
    // then
    assertThat(plan.words()).containsExactly("applied");
    assertThat(plan.toRemove()).extracting(Event::version).containsExactly(2L);
  }

  @Test
  void shouldListTheAggregatesOfAPollOnceInIdOrder() {
    // when
    String[] ids = VersionOrder.ids(List.of(event("b", 1), event("a", 1), event("b", 2)));
    // then
    assertThat(ids).containsExactly("a", "b");
  }
}
