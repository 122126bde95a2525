package shop.cart.rest;

import shop.platform.problem.ProblemException;

/** Parses {@code If-Match: "<version>"} (also {@code W/"<version>"}, a bare number, or {@code *} for any). */
final class IfMatch {
  private IfMatch() {
  }

  /** The expected version, or null when the header is absent or {@code *}. */
  static Long version(String header) {
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
      if (version >= 1) {
        return version;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw ProblemException.invalid("If-Match", "must be a quoted version number",
        "If-Match must be a cart version such as \"3\"");
  }
}
