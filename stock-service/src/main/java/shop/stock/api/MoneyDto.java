package shop.stock.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;

import shop.events.Money;

/** Money in requests: amount in minor units, ISO 4217 currency code. */
public record MoneyDto(
    @NotNull @PositiveOrZero @Max(1_000_000_000_000L) Long amount,
    @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency) {

  public Money toMoney() {
    return new Money(amount, currency);
  }
}
