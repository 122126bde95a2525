package shop.stock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import shop.testsupport.AccessRules;
import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.PostgresDatabaseResource;
import shop.testsupport.TestTokens;

/**
 * Metrics and OpenAPI as production runs them ({@code OPS_ACCESS=ops}): an admin or a {@code monitoring} token only;
 * health stays open for the orchestrator. (Open by default, as the local stack and the other tests use them.)
 */
@QuarkusTest
@TestProfile(OpsAccessTest.Restricted.class)
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "database", value = "stock_test"))
@WithTestResource(KafkaBrokerResource.class)
class OpsAccessTest {
  public static class Restricted implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.http.auth.permission.ops.policy", "ops");
    }
  }

  @Test
  void metricsAndOpenApiNeedAnAdminOrMonitoringTokenWhileHealthStaysOpen() {
    for (String path : new String[]{"/q/metrics", "/q/openapi", "/q/openapi.json", "/q/openapi.yaml",
        "/q/openapi.yml"}) {
      assertThat(AccessRules.send("GET", path, null, Map.of()).status()).as(path).isEqualTo(401);
      assertThat(AccessRules.send("GET", path, null, bearer(TestTokens.expired())).status()).as(path).isEqualTo(401);
      assertThat(AccessRules.send("GET", path, null, bearer(TestTokens.customer("kim"))).status()).as(path)
          .isEqualTo(403);
      assertThat(AccessRules.send("GET", path, null, bearer(TestTokens.admin())).status()).as(path).isEqualTo(200);
      assertThat(AccessRules.send("GET", path, null, bearer(TestTokens.token("prometheus", "monitoring"))).status())
          .as(path).isEqualTo(200);
    }
    assertThat(AccessRules.send("GET", "/q/health/ready", null, Map.of()).status()).isEqualTo(200);
    assertThat(AccessRules.send("GET", "/q/health/live", null, Map.of()).status()).isEqualTo(200);
  }

  private static Map<String, String> bearer(String token) {
    return Map.of("Authorization", "Bearer " + token);
  }
}
