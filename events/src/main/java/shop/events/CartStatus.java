package shop.events;

/** Lifecycle of a cart; {@link #wire()} is the name in the API, in events and in read models. Only an open cart accepts changes. */
public enum CartStatus {
  OPEN("open"),
  CHECKING_OUT("checking-out"),
  CHECKED_OUT("checked-out"),
  MERGED("merged"),
  ABANDONED("abandoned");

  private final String wire;

  CartStatus(String wire) {
    this.wire = wire;
  }

  /** The name used in the API and in events. */
  public String wire() {
    return wire;
  }

  /** The status of a wire name; an IllegalArgumentException for an unknown one. */
  public static CartStatus ofWire(String wire) {
    for (CartStatus s : values()) {
      if (s.wire.equals(wire)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown cart status " + wire);
  }
}
