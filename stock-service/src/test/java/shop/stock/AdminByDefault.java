package shop.stock;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;

import shop.testsupport.TestAuth;
import shop.testsupport.TestTokens;

/**
 * Requests of this module's tests carry an admin's bearer token unless a test sets its own: these tests are about
 * stock, sales and their failures; who may do what is {@link AccessRulesTest}'s, with every endpoint and credential.
 */
public class AdminByDefault implements QuarkusTestBeforeEachCallback {
  @Override
  public void beforeEach(QuarkusTestMethodContext context) {
    TestAuth.useBearer(TestTokens.admin());
  }
}
