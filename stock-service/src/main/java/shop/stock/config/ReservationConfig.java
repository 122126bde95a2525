package shop.stock.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Reservations of stock for orders ({@code stock.reservations.*}). */
@ConfigMapping(prefix = "stock.reservations")
public interface ReservationConfig {
  /** How long units stay held for an order that is not confirmed; then the sweeper gives them back. */
  @WithDefault("10m")
  Duration hold();

  /** How often the sweeper looks for expired reservations. */
  @WithDefault("5s")
  Duration sweepInterval();
}
