package shop.platform.problem;

/** A refusal that is already an HTTP problem: status, stable code, detail and extension members. */
public class ProblemException extends RuntimeException {
  public static final String UNAVAILABLE = "unavailable";
  public static final String IDEMPOTENCY_KEY_REUSED = "idempotency-key-reused";
  public static final String VERSION_CONFLICT = "version-conflict";

  private final transient Problem problem;
  /** Seconds for a Retry-After header, or null. */
  private final Long retryAfter;

  public ProblemException(int status, String code, String title, String detail) {
    this(Problem.of(status, code, title, detail));
  }

  public ProblemException(Problem problem) {
    this(problem, null);
  }

  private ProblemException(Problem problem, Long retryAfter) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  public Problem problem() {
    return problem;
  }

  /** The same refusal, answered with {@code Retry-After: seconds}. */
  public ProblemException withRetryAfter(long seconds) {
    return new ProblemException(problem, seconds);
  }

  /** Seconds for a Retry-After header, or null. */
  public Long retryAfter() {
    return retryAfter;
  }

  /** A lock or statement timeout, a deadlock victim: the client should retry shortly. */
  public static ProblemException unavailable(String detail) {
    return new ProblemException(503, UNAVAILABLE, "Unavailable", detail);
  }

  /** {@code 400 validation-failed} for one field (a header or query parameter) checked by hand. */
  public static ProblemException invalid(String field, String message, String detail) {
    return new ProblemException(Problem.of(400, ProblemMappers.VALIDATION_FAILED, "Validation failed", detail)
        .withErrors(java.util.List.of(new Problem.FieldError(field, message))));
  }

  /** {@code 404 not-found}. */
  public static ProblemException notFound(String detail) {
    return new ProblemException(Problem.of(404, ProblemMappers.NOT_FOUND, detail));
  }

  /** {@code 412 version-conflict}: the If-Match version is stale; the body carries {@code currentVersion}. */
  public static ProblemException versionConflict(long currentVersion, String detail) {
    return versionConflict(412, currentVersion, detail);
  }

  /** {@code version-conflict} with another status, e.g. 409 when a command lost too many races without If-Match. */
  public static ProblemException versionConflict(int status, long currentVersion, String detail) {
    return new ProblemException(Problem.of(status, VERSION_CONFLICT, "Version conflict", detail)
        .withExtensions(java.util.Map.of("currentVersion", currentVersion)));
  }

  public static ProblemException idempotencyKeyReused() {
    return new ProblemException(422, IDEMPOTENCY_KEY_REUSED, "Idempotency key reused",
        "this Idempotency-Key was already used for a different request");
  }
}
