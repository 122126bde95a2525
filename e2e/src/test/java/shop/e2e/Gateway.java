package shop.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The local gateway ({@code deploy/gateway/gateway.sh}: nginx rendered from the routing table) in front of running
 * services, on free ports, with its state (config, certificate, access log) under {@code e2e/target/gateway}.
 */
final class Gateway implements AutoCloseable {
  static final Path DIR = ServiceProcess.ROOT.resolve("e2e/target/gateway");
  final int port = ServiceProcess.freePort();
  final int tlsPort = ServiceProcess.freePort();

  /** One row of the routing table as a request: method, a concrete path, the service it must reach, its kind. */
  record Example(String method, String path, String service, boolean stream) {
  }

  private Gateway(Map<String, String> upstreams, String origin, int rate, int burst) {
    List<String> command = new ArrayList<>(List.of("bash", script("gateway.sh"), "up", DIR.toString(), "--listen",
        "127.0.0.1:" + port, "--tls-listen", "127.0.0.1:" + tlsPort, "--origin", origin, "--rate",
        Integer.toString(rate), "--burst", Integer.toString(burst)));
    upstreams.forEach((service, hostPort) -> command.addAll(List.of("--upstream", service + "=" + hostPort)));
    run(command);
  }

  /** Starts a gateway sending each service of the table to its {@code host:port}. */
  static Gateway start(Map<String, String> upstreams, String origin, int rate, int burst) {
    return new Gateway(upstreams, origin, rate, burst);
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  String tlsUrl() {
    return "https://127.0.0.1:" + tlsPort;
  }

  /** Every row of the routing table, as {@code gateway.py examples} writes them. */
  static List<Example> examples() {
    return run(List.of("python3", script("gateway.py"), "examples")).lines().map(l -> l.split("\t"))
        .map(c -> new Example(c[0], c[1], c[2], c[3].equals("stream"))).toList();
  }

  /** The access log's lines so far. */
  List<String> accessLog() {
    try {
      return Files.readAllLines(DIR.resolve("access.log"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** TLS that trusts the gateway's own certificate (and nothing else). */
  SSLContext trustingItsCertificate() {
    try (InputStream pem = Files.newInputStream(DIR.resolve("tls.crt"))) {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry("gateway", CertificateFactory.getInstance("X.509").generateCertificate(pem));
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, tmf.getTrustManagers(), null);
      return tls;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    run(List.of("bash", script("gateway.sh"), "down", DIR.toString()));
  }

  private static String script(String name) {
    return ServiceProcess.ROOT.resolve("deploy/gateway/" + name).toString();
  }

  /** Runs a command to its end; its output, or an exception with it when it fails. */
  static String run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
