package shop.e2e;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The deployment files that need no running system, checked offline by their own tools: the alert rules' unit tests
 * (promtool) and the dashboards as generated, the README's routing table against the gateway's, the compose file
 * (no Docker runs here: deploy/docker/check.py says what it checks) and the Kubernetes manifests (no cluster either:
 * k8s/check.py renders every overlay, validates every object against its schema and cross-checks them).
 */
class DeployFilesTest {
  private static String path(String relative) {
    return ServiceProcess.ROOT.resolve(relative).toString();
  }

  @Test
  void shouldPassTheAlertRulesUnitTestsAndKeepTheDashboardsAsGenerated() {
    Gateway.run(List.of("bash", path("deploy/observability/observe.sh"), "check"));
  }

  @Test
  void shouldShowTheGatewaysRoutingTableInTheReadme() {
    Gateway.run(List.of("python3", path("deploy/gateway/gateway.py"), "check-readme", path("README.md")));
  }

  @Test
  void shouldDescribeTheSameSystemInTheComposeFile() {
    Gateway.run(List.of("python3", path("deploy/docker/check.py")));
  }

  @Test
  void shouldRenderValidAndConsistentKubernetesManifests() {
    Gateway.run(List.of("bash", path("k8s/check.sh")));
  }
}
