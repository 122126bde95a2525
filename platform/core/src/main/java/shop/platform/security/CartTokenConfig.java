package shop.platform.security;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.validation.constraints.Size;

import io.smallrye.config.ConfigMapping;

/** {@code shop.cart-token.keys}: the cart-token keys, first one signing (needed by the services that handle carts). */
@ConfigMapping(prefix = "shop.cart-token")
public interface CartTokenConfig {
  /**
   * At least one key of 32 characters or more. Optional because every service has this mapping and only those with
   * carts set it; there, {@code shop.cart-token.keys=${CART_TOKEN_KEYS}} stops the start when the variable is missing,
   * and a short key fails this check at start.
   */
  Optional<List<@Size(min = 32, message = "a cart-token key needs at least 32 characters") String>> keys();

  /** {@link CartTokens} from the keys, for the services that inject it (a service without carts never asks). */
  @ApplicationScoped
  class Producer {
    @Produces
    @ApplicationScoped
    CartTokens cartTokens(CartTokenConfig config) {
      return new CartTokens(config.keys().orElseThrow(() -> new IllegalStateException(
          "shop.cart-token.keys (CART_TOKEN_KEYS) is empty: at least one key of 32 characters or more")));
    }
  }
}
