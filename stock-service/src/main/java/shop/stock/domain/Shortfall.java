package shop.stock.domain;

import java.util.List;
import java.util.Map;

import shop.platform.Refusal;

/** A sale line that cannot be served: how much was asked and how much is available right now. */
public record Shortfall(String productId, long requested, long available) {

  /** {@code insufficient-stock}: the all-or-nothing sale is refused and every short line is named. */
  public static Refusal refusal(List<Shortfall> shortfalls) {
    return new Refusal(ErrorCode.INSUFFICIENT_STOCK, shortfalls.size() + " line(s) exceed the available stock",
        Map.of("shortfalls", List.copyOf(shortfalls)));
  }
}
