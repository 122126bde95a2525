package shop.cart.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import shop.cart.domain.CartLimits;

/** Cart rules ({@code cart.*}). */
@ConfigMapping(prefix = "cart")
public interface CartConfig {
  /** Most units of one product in a cart. */
  @WithDefault("99")
  int maxQuantityPerLine();

  /** Most lines in a cart. */
  @WithDefault("100")
  int maxLines();

  /** A snapshot is stored each time a cart's version crosses a multiple of this. */
  @WithDefault("20")
  int snapshotEvery();

  /** An open cart without activity for this long is abandoned ({@code cart.abandoned.v1}). */
  @WithDefault("30m")
  Duration abandonAfter();

  /** How often the abandonment job looks for inactive carts. */
  @WithDefault("1m")
  Duration abandonCheckInterval();

  /** How many times a command without If-Match is re-applied on fresh state after losing a race. */
  @WithDefault("5")
  int commandRetries();

  /** Checkout and orders ({@code cart.checkout.*}). */
  Checkout checkout();

  interface Checkout {
    /** An order's deadline ({@code reserveBy}): stock-service refuses to reserve for it later than this after placing. */
    @WithDefault("2m")
    Duration reserveWithin();

    /**
     * How long after its deadline an order still placed waits for stock-service's answer (in transit) before the
     * watchdog rejects it ({@code expired}); a reservation made meanwhile is then released by the rejection.
     */
    @WithDefault("30s")
    Duration answerGrace();

    /**
     * How long a confirmed order holds its stock for collection (or shipping); then the watchdog cancels it
     * ({@code not-collected}) and stock-service releases the units.
     */
    @WithDefault("14d")
    Duration collectWithin();

    /** How often the watchdog looks for orders past their deadlines. */
    @WithDefault("10s")
    Duration watchdogInterval();
  }

  default CartLimits limits() {
    return new CartLimits(maxQuantityPerLine(), maxLines());
  }
}
