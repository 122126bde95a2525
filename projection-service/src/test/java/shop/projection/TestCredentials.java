package shop.projection;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;

import shop.testsupport.TestAuth;
import shop.testsupport.TestTokens;

/**
 * Requests of this module's tests carry, unless a test sets its own, the bearer token of the customer who owns the
 * test carts ({@link CartViewProjectionTest#OWNER}) on cart paths and an admin's elsewhere: these tests are about the
 * read models; who may read what is {@link ProjectionAccessTest}'s, over plain HTTP.
 */
public class TestCredentials implements QuarkusTestBeforeEachCallback {
  @Override
  public void beforeEach(QuarkusTestMethodContext context) {
    TestAuth.useBearers(uri -> uri.contains("/carts/")
        ? TestTokens.customer(CartViewProjectionTest.OWNER)
        : TestTokens.admin());
  }
}
