package shop.platform.security;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.validation.constraints.Size;

import io.smallrye.config.ConfigMapping;

/** {@code shop.cart-token.keys}: the cart-token keys, first one signing (needed by the services that handle carts). */
@ConfigMapping(prefix = "shop.cart-token")
public interface CartTokenConfig {
  /** At least one key of 32 bytes or more (checked at startup by the services that use cart tokens). */
  List<@Size(min = 32, message = "a cart-token key needs at least 32 characters") String> keys();

  /** {@link CartTokens} from the keys, for the services that inject it (a service without carts never asks). */
  @ApplicationScoped
  class Producer {
    @Produces
    @ApplicationScoped
    CartTokens cartTokens(CartTokenConfig config) {
      return new CartTokens(config.keys());
    }
  }
}
