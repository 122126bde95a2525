package shop.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

class VerifiedTokensTest {
  static final long SKEW = 30;
  final AtomicLong now = new AtomicLong(1_000_000);
  final Map<String, Long> goodTokens = new HashMap<>(); // token -> exp
  final Map<String, Integer> verifications = new HashMap<>();
  final VerifiedTokens tokens = new VerifiedTokens(verifier(), Duration.ofSeconds(60), 100, SKEW, now::get);

  @Test
  void aTokenThatVerifiedIsNotVerifiedAgainOnTheNextRequest() throws Exception {
    goodTokens.put("good", now.get() + 3600);

    JsonWebToken first = tokens.parse("good");
    JsonWebToken second = tokens.parse("good");

    assertThat(second).isSameAs(first);
    assertThat(verifications.get("good")).isEqualTo(1);
  }

  @Test
  void aRefusedTokenIsVerifiedAgainEveryTime() {
    assertThatThrownBy(() -> tokens.parse("forged")).isInstanceOf(ParseException.class);
    assertThatThrownBy(() -> tokens.parse("forged")).isInstanceOf(ParseException.class);

    assertThat(verifications.get("forged")).isEqualTo(2);
  }

  @Test
  void aKeptTokenIsVerifiedAgainOnceItHasExpiredAndThenRefused() throws Exception {
    goodTokens.put("short", now.get() + 10);
    tokens.parse("short");

    now.addAndGet(10 + SKEW - 1); // the last second before exp + skew: still accepted, from the cache
    assertThat(tokens.parse("short")).isNotNull();
    assertThat(verifications.get("short")).isEqualTo(1);

    now.incrementAndGet(); // at exp + skew: smallrye-jwt decides again, and refuses (jose4j: now - skew >= exp)
    goodTokens.remove("short");
    assertThatThrownBy(() -> tokens.parse("short")).isInstanceOf(ParseException.class);
    assertThat(verifications.get("short")).isEqualTo(2);
  }

  @Test
  void eachTokenIsVerifiedOnItsOwn() throws Exception {
    goodTokens.put("alice", now.get() + 3600);
    goodTokens.put("bob", now.get() + 3600);

    assertThat(tokens.parse("alice").getSubject()).isEqualTo("alice");
    assertThat(tokens.parse("bob").getSubject()).isEqualTo("bob");
    assertThat(verifications).containsEntry("alice", 1).containsEntry("bob", 1);
  }

  /** Verifies a token when it is one of goodTokens (its subject is its text), counting every verification. */
  private JWTParser verifier() {
    return (JWTParser) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{JWTParser.class},
        (proxy, method, args) -> {
          String token = (String) args[0];
          verifications.merge(token, 1, Integer::sum);
          Long exp = goodTokens.get(token);
          if (exp == null || now.get() >= exp + SKEW) {
            throw new ParseException("refused");
          }
          return jwt(token, exp);
        });
  }

  private static JsonWebToken jwt(String subject, long exp) {
    return new JsonWebToken() {
      @Override
      public String getName() {
        return subject;
      }

      @Override
      public Set<String> getClaimNames() {
        return Set.of("sub", "exp");
      }

      @SuppressWarnings("unchecked")
      @Override
      public <T> T getClaim(String claim) {
        return (T) switch (claim) {
          case "sub" -> subject;
          case "exp" -> (Object) exp;
          default -> null;
        };
      }
    };
  }
}
