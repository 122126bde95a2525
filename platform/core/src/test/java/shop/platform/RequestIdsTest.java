package shop.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestIdsTest {
  @Test
  void shouldEchoOnlyAPlainId() {
    // given the ids a client may send, when asked whether to echo them, then only plain ones are
    assertThat(RequestIds.isPlain("pos-7:till-2.42")).isTrue();
    assertThat(RequestIds.isPlain("0af7651916cd43dd8448eb211c80319c")).isTrue();
    assertThat(RequestIds.isPlain(null)).isFalse();
    assertThat(RequestIds.isPlain("")).isFalse();
    assertThat(RequestIds.isPlain("x".repeat(129))).isFalse();
    assertThat(RequestIds.isPlain("a b")).isFalse();
    assertThat(RequestIds.isPlain("<script>")).isFalse();
  }
}
