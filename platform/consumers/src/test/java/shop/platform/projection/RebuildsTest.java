package shop.platform.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import shop.platform.problem.ProblemException;

/** When a new rebuild of a read model may start: never during one, nor within the cooldown after the last ended. */
class RebuildsTest {
  static final Duration COOLDOWN = Duration.ofMinutes(10);
  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  @Test
  void aFirstRebuildMayStart() {
    assertThat(Rebuilds.refusal(null, NOW, COOLDOWN)).isNull();
  }

  @Test
  void aRunningRebuildRefusesAnother() {
    RebuildStatus running = RebuildStatus.running("stock");

    ProblemException refused = Rebuilds.refusal(running, NOW, COOLDOWN);

    assertThat(refused.problem().status()).isEqualTo(409);
    assertThat(refused.problem().code()).isEqualTo("rebuild-in-progress");
  }

  @Test
  void aRebuildThatEndedWithinTheCooldownRefusesAnotherAndSaysWhenToRetry() {
    RebuildStatus done = finishedAt(NOW.minus(Duration.ofMinutes(4)));

    ProblemException refused = Rebuilds.refusal(done, NOW, COOLDOWN);

    assertThat(refused.problem().status()).isEqualTo(409);
    assertThat(refused.problem().code()).isEqualTo("rebuild-cooldown");
    assertThat(refused.retryAfter()).isEqualTo(Duration.ofMinutes(6).toSeconds());
  }

  @Test
  void aFailedRebuildMayBeRetriedAtOnce() {
    RebuildStatus failed = new RebuildStatus("stock", "failed", NOW.minusSeconds(90), NOW.minusSeconds(60), 0, 0,
        "boom");

    assertThat(Rebuilds.refusal(failed, NOW, COOLDOWN)).isNull();
  }

  @Test
  void retryAfterIsRoundedUp() {
    RebuildStatus done = finishedAt(NOW.minus(COOLDOWN).plusMillis(1500));

    assertThat(Rebuilds.refusal(done, NOW, COOLDOWN).retryAfter()).isEqualTo(2);
  }

  @Test
  void afterTheCooldownANewRebuildMayStart() {
    RebuildStatus done = finishedAt(NOW.minus(COOLDOWN));

    assertThat(Rebuilds.refusal(done, NOW, COOLDOWN)).isNull();
  }

  private static RebuildStatus finishedAt(Instant at) {
    return new RebuildStatus("stock", "done", at.minusSeconds(30), at, 10, 0, null);
  }
}
