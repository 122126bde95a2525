package shop.platform.security;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** {@code shop.cart-token.keys}: the cart-token keys, first one signing (needed by the services that handle carts). */
@ConfigMapping(prefix = "shop.cart-token")
public interface CartTokenConfig {
  Optional<List<String>> keys();
}
