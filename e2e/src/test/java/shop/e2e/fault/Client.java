package shop.e2e.fault;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A well-behaved HTTP client of one service, as the fault suite's workload needs it: every logical command gets one
 * {@code Idempotency-Key}, and the same request with the same key is sent again on a connection error, a timeout
 * (5 s per attempt), {@code 408}, {@code 429} or any 5xx, after a backoff of 100 ms doubling to 1 s (or the
 * {@code Retry-After} asked for), until an overall deadline: the service may be down for a restart meanwhile.
 * The base URL is asked for before every attempt, since a restarted service may listen elsewhere. Thread-safe.
 */
public final class Client {
  /** How long a command is retried by default. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(60);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(1);

  private final String service;
  private final Supplier<String> baseUrl;
  private final Duration deadline;
  /** The {@code Authorization} header every request carries, or null. */
  private final String authorization;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  /**
   * A client of {@code service} (a name for reports) that retries each request for {@link #DEFAULT_DEADLINE} and
   * sends {@code bearer} (or no token when null).
   */
  public Client(String service, Supplier<String> baseUrl, String bearer) {
    this(service, baseUrl, DEFAULT_DEADLINE, bearer);
  }

  /** A client of {@code service} whose current base URL (e.g. {@code http://127.0.0.1:8081}) {@code baseUrl} gives. */
  public Client(String service, Supplier<String> baseUrl, Duration deadline, String bearer) {
    this.service = service;
    this.baseUrl = baseUrl;
    this.deadline = deadline;
    this.authorization = bearer == null ? null : "Bearer " + bearer;
  }

  public String service() {
    return service;
  }

  /** Sends a command (JSON body or null) under a new Idempotency-Key, retried until answered or the deadline. */
  public Answer send(String method, String path, String jsonBody) {
    return exchange(method, path, jsonBody, UUID.randomUUID().toString());
  }

  /** Sends the command of an earlier answer again: same method, path, body and Idempotency-Key. */
  public Answer replay(Answer earlier) {
    if (!service.equals(earlier.service())) {
      throw new IllegalArgumentException(earlier.describe() + " was sent to " + earlier.service() + ", not " + service);
    }
    return exchange(earlier.method(), earlier.path(), earlier.request(), earlier.key());
  }

  /** A GET (no key), retried like a command. */
  public Answer get(String path) {
    return exchange("GET", path, null, null);
  }

  private Answer exchange(String method, String path, String json, String key) {
    long end = System.nanoTime() + deadline.toNanos();
    Duration backoff = FIRST_BACKOFF;
    for (int attempt = 1;; attempt++) {
      Answer answer = attempt(method, path, json, key, attempt);
      if (answer.status() != Answer.NO_ANSWER && !retryable(answer.status())) {
        return answer;
      }
      Duration pause = max(backoff, retryAfter(answer).orElse(Duration.ZERO));
      if (System.nanoTime() + pause.toNanos() > end) {
        return answer;
      }
      sleep(pause);
      backoff = min(backoff.multipliedBy(2), MAX_BACKOFF);
    }
  }

  /** Sends the request once; {@link Answer#NO_ANSWER} (and the error) when refused, reset, closed or timed out. */
  private Answer attempt(String method, String path, String json, String key, int attempt) {
    try {
      HttpResponse<String> r = http.send(request(method, path, json, key), HttpResponse.BodyHandlers.ofString());
      Map<String, List<String>> headers = new HashMap<>();
      r.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
      return new Answer(service, method, path, json, key, r.statusCode(), r.body(), headers, attempt,
          "true".equals(r.headers().firstValue("Idempotent-Replayed").orElse(null)));
    } catch (IOException e) { // HttpTimeoutException included
      return new Answer(service, method, path, json, key, Answer.NO_ANSWER, e.toString(), Map.of(), attempt, false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending " + method + " " + path, e);
    }
  }

  private HttpRequest request(String method, String path, String json, String key) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl.get() + path)).timeout(REQUEST_TIMEOUT)
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    if (key != null) {
      b.header("Idempotency-Key", key);
    }
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return b.build();
  }

  private static boolean retryable(int status) {
    return status == 408 || status == 429 || status >= 500;
  }

  /** {@code Retry-After} in seconds (the HTTP-date form is not used by these services). */
  private static Optional<Duration> retryAfter(Answer a) {
    try {
      return a.header("Retry-After").map(s -> Duration.ofSeconds(Long.parseLong(s.strip())));
    } catch (NumberFormatException notSeconds) {
      return Optional.empty();
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry", e);
    }
  }
}
