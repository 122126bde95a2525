package shop.platform.security;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.validation.constraints.Size;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.ConfigMapping;

/** {@code shop.cart-token.keys}: the cart-token keys, first one signing (needed by the services that handle carts). */
@ConfigMapping(prefix = "shop.cart-token")
public interface CartTokenConfig {
  /**
   * At least one key of 32 characters or more. Optional because every service has this mapping and only those with
   * carts set it; those are stopped at start without a key ({@link Producer#checkAtStart}) or with a short one.
   */
  Optional<List<@Size(min = 32, message = "a cart-token key needs at least 32 characters") String>> keys();

  /** {@link CartTokens} from the keys, for the services that inject it (a service without carts never asks). */
  @ApplicationScoped
  class Producer {
    @Produces
    @ApplicationScoped
    CartTokens cartTokens(CartTokenConfig config) {
      return new CartTokens(config.keys().orElseThrow(() -> new IllegalStateException(
          "shop.cart-token.keys (CART_TOKEN_KEYS) is not set: at least one key of 32 characters or more")));
    }

    /**
     * A service that uses cart tokens (the bean is kept only where something injects it) does not start without its
     * keys, rather than answering 500 on its first cart request. A programmatic lookup: an injected
     * {@code Instance<CartTokens>} would keep the bean in every service.
     */
    void checkAtStart(@Observes StartupEvent start) {
      InjectableInstance<CartTokens> tokens = Arc.container().select(CartTokens.class);
      if (tokens.isResolvable()) {
        tokens.get().issue("startup-check");
      }
    }
  }
}
