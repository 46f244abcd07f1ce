package io.jdaprd.placement.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.placement.client.PlacementClient;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line of {@code jdaprd placement}: daprd placement's flags, and a process that serves with them. */
class PlacementMainTest {

  @Test
  void defaultsAreDaprdPlacementDefaults() throws Exception {
    PlacementMain.Options o = PlacementMain.parse(List.of());
    assertThat(o.server().port()).isEqualTo(50005);
    assertThat(o.server().replicationFactor()).isEqualTo(100);
    assertThat(o.server().keepAliveTime()).isEqualTo(Duration.ofSeconds(2));
    assertThat(o.server().keepAliveTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(o.server().disseminateTimeout()).isEqualTo(Duration.ofSeconds(8));
    assertThat(o.server().nodeId()).isEqualTo("dapr-placement-0");
    assertThat(o.healthzPort()).isEqualTo(8080);
    assertThat(o.logLevel()).isEqualTo("info");
  }

  @Test
  void flagsTakeBothSpellingsAndGoDurations() throws Exception {
    PlacementMain.Options o = PlacementMain.parse(List.of("--port=6050", "-healthz-port", "0", "--replicationFactor",
        "50", "--disseminate-timeout", "1m30s", "--keepalive-time=1500ms", "--log-level", "debug", "--tls-enabled",
        "--initial-cluster", "a=127.0.0.1:8201"));
    assertThat(o.server().port()).isEqualTo(6050);
    assertThat(o.healthzPort()).isZero();
    assertThat(o.server().replicationFactor()).isEqualTo(50);
    assertThat(o.server().disseminateTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(o.server().keepAliveTime()).isEqualTo(Duration.ofMillis(1500));
    assertThat(o.logLevel()).isEqualTo("debug");
  }

  @Test
  void badFlagsAreOneLine() {
    assertThatThrownBy(() -> PlacementMain.parse(List.of("--keepalive-time", "20s")))
        .hasMessage("invalid value for keepalive-time: value should be between 1s and 10s, got 20s");
    assertThatThrownBy(() -> PlacementMain.parse(List.of("--port", "x")))
        .hasMessage("invalid argument \"x\" for \"--port\" flag");
    assertThatThrownBy(() -> PlacementMain.parse(List.of("--disseminate-timeout", "8")))
        .hasMessage("invalid argument \"8\" for \"--disseminate-timeout\" flag: time: invalid duration \"8\"");
    assertThatThrownBy(() -> PlacementMain.parse(List.of("--nope"))).hasMessage("unknown flag: --nope");
    assertThatThrownBy(() -> PlacementMain.parse(List.of("--port"))).hasMessage("flag needs an argument: --port");
  }

  @Test
  void etcdFlagsMakeAReplicaOfSeveral() throws Exception {
    assertThat(PlacementMain.parse(List.of()).etcd()).as("one replica unless etcd is named").isNull();
    assertThat(PlacementMain.parse(List.of("--etcd-endpoints", "http://127.0.0.1:2379, http://etcd-2:2379",
        "--etcd-prefix", "/team/placement", "--etcd-lease-ttl", "3s")).etcd()).isEqualTo(new PlacementMain.Etcd(
            List.of("http://127.0.0.1:2379", "http://etcd-2:2379"), "/team/placement", Duration.ofSeconds(3)));
    assertThat(PlacementMain.parse(List.of("--etcd-endpoints=http://etcd:2379")).etcd()).isEqualTo(
        new PlacementMain.Etcd(List.of("http://etcd:2379"), "/jdaprd/placement", Duration.ofSeconds(5)));
  }

  @Test
  void theHelpNamesTheReplicaFlags() {
    assertThat(PlacementMain.usage()).startsWith("Usage: jdaprd placement [flags]").contains("--etcd-endpoints",
        "--etcd-prefix", "--etcd-lease-ttl", "--id", "--disseminate-timeout");
  }

  @Test
  void badEtcdFlagsAreOneLine() {
    assertThatThrownBy(() -> PlacementMain.parse(List.of("--etcd-endpoints", "127.0.0.1:2379")))
        .hasMessage("invalid value for etcd-endpoints: \"127.0.0.1:2379\" is not http://host:port "
            + "(a comma-separated list of etcd client URLs)");
    assertThatThrownBy(() -> PlacementMain.parse(List.of("--etcd-endpoints", "http://a:2379,")))
        .hasMessageStartingWith("invalid value for etcd-endpoints: \"\" is not http://host:port");
    assertThatThrownBy(() -> PlacementMain.parse(List.of("--etcd-endpoints", "https://a:2379")))
        .hasMessageStartingWith("invalid value for etcd-endpoints: \"https://a:2379\"");
    assertThatThrownBy(() -> PlacementMain.parse(List.of("--etcd-endpoints", "http://a:2379", "--etcd-prefix",
        "placement/"))).hasMessage("invalid value for etcd-prefix: \"placement/\" (a key prefix such as "
            + "/jdaprd/placement: starts with /, does not end with one)");
    assertThatThrownBy(() -> PlacementMain.parse(List.of("--etcd-endpoints", "http://a:2379", "--etcd-lease-ttl",
        "1500ms"))).hasMessage("invalid value for etcd-lease-ttl: value should be whole seconds, at least 2s, got "
            + "1500ms");
    assertThatThrownBy(() -> PlacementMain.parse(List.of("--etcd-endpoints", "http://a:2379", "--etcd-lease-ttl",
        "1s"))).hasMessageEndingWith("at least 2s, got 1s");
    assertThatThrownBy(() -> PlacementMain.parse(List.of("--etcd-prefix", "/p")))
        .hasMessage("--etcd-prefix needs --etcd-endpoints");
  }

  @Test
  void aProcessServesSidecarsAndHealthz() throws Exception {
    int port = freePort();
    int healthz = freePort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        PlacementMain.class.getName(), "--port", Integer.toString(port), "--healthz-port", Integer.toString(healthz),
        "--listen-address", "127.0.0.1", "--healthz-listen-address", "127.0.0.1", "--metadata-enabled")
        .redirectErrorStream(true).redirectOutput(new File("target/placement-process.log")).start();
    try (PlacementClient client = PlacementClient.start(new PlacementClient.Options(List.of("127.0.0.1:" + port),
        "127.0.0.1:50002", "app", "default", Duration.ofSeconds(30)), List.of("counter"),
        new PlacementClient.Listener() { })) {
      assertThat(client.awaitReady(Duration.ofSeconds(10))).isTrue();
      assertThat(client.tables().owner("counter", "1").orElseThrow().address()).isEqualTo("127.0.0.1:50002");
      HttpResponse<Void> health = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthz + "/healthz")).build(),
          HttpResponse.BodyHandlers.discarding());
      assertThat(health.statusCode()).isEqualTo(200);
      HttpResponse<String> state = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthz + "/placement/state")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(state.body()).isEqualTo("{\"tables\":{\"default\":{\"hosts\":[{\"name\":\"127.0.0.1:50002\","
          + "\"entities\":[\"counter\"],\"id\":\"app\",\"api_level\":20,\"namespace\":\"default\","
          + "\"operation\":1}],\"version\":1}}}");
    } finally {
      p.destroy();
      p.waitFor();
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
