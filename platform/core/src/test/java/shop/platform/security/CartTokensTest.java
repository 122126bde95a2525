package shop.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class CartTokensTest {
  static final String KEY_A = "a-key-of-at-least-thirty-two-bytes-0001";
  static final String KEY_B = "b-key-of-at-least-thirty-two-bytes-0002";

  @Test
  void aTokenOpensTheCartItWasIssuedForOnly() {
    CartTokens tokens = new CartTokens(List.of(KEY_A));

    String token = tokens.issue("cart-1");

    assertThat(token).startsWith("v1.");
    assertThat(tokens.verify("cart-1", token)).isTrue();
    assertThat(tokens.verify("cart-2", token)).isFalse();
  }

  @Test
  void aTokenOfAnotherKeyOrTamperedOrMalformedIsRefused() {
    CartTokens tokens = new CartTokens(List.of(KEY_A));
    String other = new CartTokens(List.of(KEY_B)).issue("cart-1");
    String token = tokens.issue("cart-1");
    String tampered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");

    assertThat(tokens.verify("cart-1", other)).isFalse();
    assertThat(tokens.verify("cart-1", tampered)).isFalse();
    assertThat(tokens.verify("cart-1", "v1.!!not-base64!!")).isFalse();
    assertThat(tokens.verify("cart-1", token.substring(3))).isFalse();
    assertThat(tokens.verify("cart-1", null)).isFalse();
    assertThat(tokens.verify("cart-1", "v1." + "A".repeat(200))).isFalse();
  }

  @Test
  void rotationSignsWithTheNewKeyAndStillAcceptsTheOld() {
    String issuedBefore = new CartTokens(List.of(KEY_A)).issue("cart-1");
    CartTokens rotated = new CartTokens(List.of(KEY_B, KEY_A));

    assertThat(rotated.verify("cart-1", issuedBefore)).isTrue();
    assertThat(rotated.issue("cart-1")).isEqualTo(new CartTokens(List.of(KEY_B)).issue("cart-1"));
  }

  @Test
  void keysMustBeLongEnough() {
    assertThatThrownBy(() -> new CartTokens(List.of("short"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CartTokens(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aGuestCartOpensToItsTokenAndAnOwnedCartToItsOwnerOnly() {
    CartTokens tokens = new CartTokens(List.of(KEY_A));
    Caller kim = new Caller("kim", Set.of(Roles.CUSTOMER), Set.of());
    Caller admin = new Caller("admin-1", Set.of(Roles.ADMIN), Set.of());
    String guestToken = tokens.issue("guest-cart");

    assertThat(new CartAccess(Caller.ANONYMOUS, guestToken).allows("guest-cart", null, tokens)).isTrue();
    assertThat(new CartAccess(Caller.ANONYMOUS, null).allows("guest-cart", null, tokens)).isFalse();
    assertThat(new CartAccess(kim, null).allows("kims-cart", "kim", tokens)).isTrue();
    assertThat(new CartAccess(admin, null).allows("kims-cart", "kim", tokens)).isFalse();
    // a valid token of the owned cart's id opens nothing: owned carts are the owner's alone
    assertThat(new CartAccess(Caller.ANONYMOUS, tokens.issue("kims-cart")).allows("kims-cart", "kim", tokens))
        .isFalse();
  }

  @Test
  void aGuestsKeyIsScopedToTheCartItsTokenOpens() {
    CartTokens tokens = new CartTokens(List.of(KEY_A));

    assertThat(new CartAccess(Caller.ANONYMOUS, tokens.issue("c-1")).scope("k", "c-1", tokens)).isEqualTo("cart:c-1 k");
    assertThat(new CartAccess(Caller.ANONYMOUS, tokens.issue("c-2")).scope("k", "c-1", tokens)).isNull();
    assertThat(new CartAccess(new Caller("kim", Set.of(), Set.of()), null).scope("k", "c-1", tokens))
        .isEqualTo("sub:kim k");
  }
}
