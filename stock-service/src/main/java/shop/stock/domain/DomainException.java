package shop.stock.domain;

import java.util.Map;

/**
 * A command refused by a business rule. Carries a stable {@link ErrorCode} and optional extra members that the REST
 * layer copies into the problem+json body (e.g. {@code shortfalls}).
 */
public class DomainException extends RuntimeException {
  private final ErrorCode code;
  private final transient Map<String, Object> extensions;

  public DomainException(ErrorCode code, String detail) {
    this(code, detail, Map.of());
  }

  public DomainException(ErrorCode code, String detail, Map<String, Object> extensions) {
    super(detail, null, false, false);
    this.code = code;
    this.extensions = Map.copyOf(extensions);
  }

  public ErrorCode code() {
    return code;
  }

  public Map<String, Object> extensions() {
    return extensions;
  }
}
