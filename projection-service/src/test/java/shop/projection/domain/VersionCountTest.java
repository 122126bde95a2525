package shop.projection.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class VersionCountTest {

  @Test
  void shouldCountNewerVersionsAsAppliedAndOlderOnesAsDuplicates() {
    // given a view at version 3, when a batch brings 2, 3, 5 and 4 (out of order)
    VersionCount count = VersionCount.of(List.of(2L, 3L, 5L, 4L), 3);
    // then
    assertThat(count.applied()).isEqualTo(2);
    assertThat(count.duplicates()).isEqualTo(2);
    assertThat(count.gaps()).isEmpty();
  }

  @Test
  void shouldReportEachJumpAsAGap() {
    // given a view at version 1, when a batch brings 4 and 7
    VersionCount count = VersionCount.of(List.of(7L, 4L), 1);
    // then
    assertThat(count.applied()).isEqualTo(2);
    assertThat(count.gaps()).containsExactly(new VersionCount.Gap(1, 4), new VersionCount.Gap(4, 7));
  }
}
