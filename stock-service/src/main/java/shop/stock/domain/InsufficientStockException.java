package shop.stock.domain;

import java.util.List;
import java.util.Map;

/** Some lines of an all-or-nothing sale exceed the available stock; every short line is named. */
public class InsufficientStockException extends DomainException {
  private final transient List<Shortfall> shortfalls;

  public InsufficientStockException(List<Shortfall> shortfalls) {
    super(ErrorCode.INSUFFICIENT_STOCK, shortfalls.size() + " line(s) exceed the available stock",
        Map.of("shortfalls", List.copyOf(shortfalls)));
    this.shortfalls = List.copyOf(shortfalls);
  }

  public List<Shortfall> shortfalls() {
    return shortfalls;
  }
}
