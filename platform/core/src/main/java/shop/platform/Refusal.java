package shop.platform;

import java.util.Locale;
import java.util.Map;

/**
 * A command refused by a rule: a stable code, a detail for people, and optional extension members (e.g.
 * {@code shortfalls}). Plain Java, thrown by the domains; each service maps its codes to HTTP statuses in one table
 * (a {@code RefusalStatuses} bean) and the platform's one mapper answers problem+json. Refusals change nothing, so no
 * stack trace is taken.
 */
public class Refusal extends RuntimeException {
  /** A stable, machine-readable code (the {@code code} member of problem+json); each domain lists its own as an enum. */
  public interface Code {
    /** The constant's name (an enum's). */
    String name();

    /** The code on the wire: the name in lower case with dashes ({@code NOT_FOUND} → {@code not-found}). */
    default String wire() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  private final Code code;
  private final transient Map<String, Object> extensions;

  public Refusal(Code code, String detail) {
    this(code, detail, Map.of());
  }

  public Refusal(Code code, String detail, Map<String, Object> extensions) {
    super(detail, null, false, false);
    this.code = code;
    this.extensions = Map.copyOf(extensions);
  }

  public Code code() {
    return code;
  }

  public Map<String, Object> extensions() {
    return extensions;
  }
}
