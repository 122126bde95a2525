package shop.events;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** An amount in minor units (cents) of an ISO 4217 currency. Never a floating point number. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Money(long amount, String currency) {
  public Money {
    Objects.requireNonNull(currency, "currency");
  }

  public Money times(int quantity) {
    return new Money(Math.multiplyExact(amount, (long) quantity), currency);
  }

  public Money plus(Money other) {
    if (!currency.equals(other.currency)) {
      throw new IllegalArgumentException("currency mismatch: " + currency + " vs " + other.currency);
    }
    return new Money(Math.addExact(amount, other.amount), currency);
  }

  public static Money zero(String currency) {
    return new Money(0, currency);
  }
}
