package shop.platform.problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;

/** An RFC 9457 problem detail with the stable {@code code} member and optional extension members. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String code, List<FieldError> errors,
    @com.fasterxml.jackson.annotation.JsonIgnore Map<String, Object> extensions) {

  public static final String MEDIA_TYPE = "application/problem+json";

  /** One offending field of a request: a JSON path such as {@code items[0].quantity}. */
  public record FieldError(String field, String message) {
  }

  public static Problem of(int status, String code, String title, String detail) {
    return new Problem("urn:shop:problem:" + code, title, status, detail, code, null, Map.of());
  }

  /** A problem whose title is the code in words ({@code cart-closed} → "Cart closed"). */
  public static Problem of(int status, String code, String detail) {
    String words = code.replace('-', ' ');
    return of(status, code, Character.toUpperCase(words.charAt(0)) + words.substring(1), detail);
  }

  public Problem withErrors(List<FieldError> fieldErrors) {
    return new Problem(type, title, status, detail, code, fieldErrors, extensions);
  }

  public Problem withExtensions(Map<String, Object> more) {
    Map<String, Object> all = new LinkedHashMap<>(extensions);
    all.putAll(more);
    return new Problem(type, title, status, detail, code, errors, all);
  }

  @JsonAnyGetter
  public Map<String, Object> anyExtensions() {
    return extensions;
  }

  public Response toResponse() {
    return Response.status(status).type(MEDIA_TYPE).entity(this).build();
  }
}
