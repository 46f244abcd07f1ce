package io.jdaprd.spi.testkit.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A private one-member {@code etcd} (Debian package {@code etcd-server}) for one test class ({@link PrivateServer}):
 * its client and peer URLs on free ports of 127.0.0.1, its data in its own directory (so {@link #restart()} keeps
 * keys and leases). Never the machine's own etcd on 2379.
 */
public final class EtcdServer extends PrivateServer {
  private final Path binary;

  private EtcdServer(Path binary, Path dir) {
    super("etcd", dir, 2, Duration.ofSeconds(20));
    this.binary = binary;
  }

  /**
   * Starts an etcd on free ports and returns once it reports itself healthy; skips or fails the test ({@link
   * Binaries#require}) when etcd is not installed, naming {@code neededBy}.
   */
  public static EtcdServer start(String neededBy) throws IOException, InterruptedException {
    Path binary = Binaries.require("etcd", neededBy);
    EtcdServer server = new EtcdServer(binary, Files.createTempDirectory("jdaprd-etcd-"));
    server.startOnFreePorts();
    return server;
  }

  /** The client URL, {@code http://127.0.0.1:<port>}, as etcd clients take it. */
  public String clientUrl() {
    return "http://127.0.0.1:" + port();
  }

  @Override
  protected List<String> command() {
    String client = clientUrl();
    String peer = "http://127.0.0.1:" + port(1);
    return List.of(binary.toString(), "--name", "test", "--data-dir", directory().resolve("data").toString(),
        "--listen-client-urls", client, "--advertise-client-urls", client, "--listen-peer-urls", peer,
        "--initial-advertise-peer-urls", peer, "--initial-cluster", "test=" + peer, "--initial-cluster-state", "new",
        "--initial-cluster-token", "jdaprd-test-" + port(), "--logger", "zap", "--log-level", "warn");
  }

  @Override
  protected void environment(Map<String, String> env) {
    env.keySet().removeIf(name -> name.startsWith("ETCD"));
  }

  /** Whether {@code /health} on the client port says it is healthy (it has a leader: itself). */
  @Override
  protected boolean ready() {
    String reply = exchange(port(), "GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n", 4096);
    return reply.startsWith("HTTP/1.") && reply.contains("\"health\":\"true\"");
  }
}
