package shop.platform.security;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.smallrye.config.ConfigMapping;

/** {@code shop.cart-token.keys}: the cart-token keys, first one signing (needed by the services that handle carts). */
@ConfigMapping(prefix = "shop.cart-token")
public interface CartTokenConfig {
  Optional<List<String>> keys();

  /** {@link CartTokens} from the keys, for the services that inject it (a service without carts never asks). */
  @ApplicationScoped
  class Producer {
    @Produces
    @ApplicationScoped
    CartTokens cartTokens(CartTokenConfig config) {
      return new CartTokens(config.keys().orElseThrow(() -> new IllegalStateException(
          "shop.cart-token.keys (CART_TOKEN_KEYS) is not set: at least one key of 32 bytes or more")));
    }
  }
}
