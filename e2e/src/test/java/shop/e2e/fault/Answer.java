package shop.e2e.fault;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.restassured.path.json.JsonPath;

/**
 * The final answer to one logical command (or query) sent by {@link Client}, with what is needed to send it again.
 *
 * @param service the client's service name (to find the client that can replay it)
 * @param method the HTTP method
 * @param path the path below the service's base URL
 * @param request the JSON body sent, or null
 * @param key the Idempotency-Key sent with every attempt, or null for a query
 * @param status the last status, or {@link #NO_ANSWER} when no attempt was answered before the deadline
 * @param body the last response body (the last error's message when there was no answer)
 * @param headers the last response's headers (lower-case names)
 * @param attempts how many times the request was sent
 * @param replayed whether the last answer carried {@code Idempotent-Replayed: true}
 */
public record Answer(String service, String method, String path, String request, String key, int status, String body,
    Map<String, List<String>> headers, int attempts, boolean replayed) {
  /** The status of a command that got no answer before the client's deadline. */
  public static final int NO_ANSWER = 0;

  public boolean isSuccess() {
    return status >= 200 && status < 300;
  }

  /**
   * Whether the outcome is unknown: no answer, or a 5xx after the deadline. Such a command may or may not have taken
   * effect; replaying its key later tells.
   */
  public boolean isUnresolved() {
    return status == NO_ANSWER || status >= 500;
  }

  /** The first value of a response header. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** The response body as JSON. */
  public JsonPath json() {
    return JsonPath.from(body);
  }

  /** Method, path, status and attempts, for reports. */
  public String describe() {
    return method + " " + path + " → " + (status == NO_ANSWER ? "no answer" : status) + " after " + attempts
        + " attempt(s)" + (key == null ? "" : " (key " + key + ")");
  }
}
