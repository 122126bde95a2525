package shop.platform.command;

import shop.platform.problem.ProblemException;

/**
 * Parses {@code If-Match: "<version>"} (also {@code W/"<version>"}, a bare number, or {@code *} for any) of a command
 * on a versioned aggregate; a stale version is answered {@link ProblemException#versionConflict 412}.
 */
public final class IfMatch {
  private IfMatch() {
  }

  /** The expected version, or null when the header is absent or {@code *}; 400 when it is not a version. */
  public static Long version(String header) {
    if (header == null || header.isBlank() || header.strip().equals("*")) {
      return null;
    }
    String v = header.strip();
    if (v.startsWith("W/")) {
      v = v.substring(2);
    }
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      v = v.substring(1, v.length() - 1);
    }
    try {
      long version = Long.parseLong(v);
      if (version >= 0) {
        return version;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw ProblemException.invalid("If-Match", "must be a quoted version number",
        "If-Match must be a version such as \"3\"");
  }

  /** Refuses with 412 when an expected version was given and the aggregate is at another one. */
  public static void check(Long expected, long current, String what) {
    if (expected != null && expected != current) {
      throw ProblemException.versionConflict(current,
          what + " changed since the version given in If-Match; it is now at version " + current);
    }
  }
}
