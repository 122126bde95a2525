package shop.analytics.domain;

import shop.events.Money;

/** Checks shared by the fact folds: an event the figures cannot use is a bad record (dead-lettered). */
final class Facts {
  private Facts() {
  }

  static void require(boolean condition, String problem) {
    if (!condition) {
      throw new IllegalArgumentException(problem);
    }
  }

  static long times(Money unitPrice, int quantity) {
    require(unitPrice != null, "line without a price");
    try {
      return Math.multiplyExact(unitPrice.amount(), (long) quantity);
    } catch (ArithmeticException overflow) {
      throw new IllegalArgumentException("line total out of range: " + unitPrice.amount() + " x " + quantity);
    }
  }
}
