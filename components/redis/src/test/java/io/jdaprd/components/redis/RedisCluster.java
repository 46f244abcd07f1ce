package io.jdaprd.components.redis;

import io.jdaprd.spi.testkit.backend.Binaries;
import io.jdaprd.spi.testkit.timing.Poll;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A private Redis cluster of three master nodes without replicas, each a {@link RedisServer} with
 * {@code cluster-enabled}, joined by {@code redis-cli --cluster create} and ready once every node reports
 * {@code cluster_state:ok}. The nodes keep every acknowledged write ({@link RedisServer#startDurable}) and their
 * {@code nodes.conf} across {@link #restart()}, so the cluster forms again with its data. A node's cluster bus
 * listens on its port + 10000; a node whose bus port is taken or above 65535 exits at start, and {@link RedisServer}
 * tries it again on another port.
 */
final class RedisCluster implements AutoCloseable {
  private static final int NODES = 3;
  private static final Duration FORMING = Duration.ofSeconds(30);

  private final List<RedisServer> nodes;

  private RedisCluster(List<RedisServer> nodes) {
    this.nodes = nodes;
  }

  /** Starts three nodes on free ports and joins them into one cluster that owns all 16384 slots. */
  static RedisCluster start() throws IOException, InterruptedException {
    Path cli = Binaries.require("redis-cli", "the Redis cluster tests");
    List<RedisServer> nodes = new ArrayList<>();
    RedisCluster cluster = new RedisCluster(nodes);
    try {
      for (int i = 0; i < NODES; i++) {
        nodes.add(RedisServer.startDurable("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
            "--cluster-node-timeout", "5000"));
      }
      List<String> create = new ArrayList<>(List.of(cli.toString(), "--cluster", "create"));
      nodes.forEach(node -> create.add(node.address()));
      create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
      Process process = new ProcessBuilder(create).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException("redis-cli --cluster create failed: " + output);
      }
      cluster.awaitFormed();
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** The nodes' addresses, comma-separated, as {@code redisHost} takes them for {@code redisType: cluster}. */
  String addresses() {
    return nodes.stream().map(RedisServer::address).collect(Collectors.joining(","));
  }

  /** Stops every node, starts them again on the same ports with their data, and waits until the cluster is ok. */
  void restart() throws IOException, InterruptedException {
    for (RedisServer node : nodes) {
      node.stop();
    }
    for (RedisServer node : nodes) {
      node.startAgain();
    }
    awaitFormed();
  }

  @Override
  public void close() {
    nodes.forEach(RedisServer::close);
  }

  private void awaitFormed() throws InterruptedException {
    for (RedisServer node : nodes) {
      RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", node.port()));
      try {
        Poll.await("cluster_state:ok, every node known and every slot served on " + node.address(), FORMING,
            () -> formed(client));
      } finally {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }
    }
  }

  /**
   * Whether the node sees the whole cluster: state ok, all three nodes known, every slot served, and no node still
   * in a handshake or without an address (a client that reads the topology before gossip settles would otherwise
   * try to reach a node it cannot).
   */
  private boolean formed(RedisClient client) {
    String info = clusterInfo(client);
    if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:" + nodes.size())
        || !info.contains("cluster_slots_ok:16384")) {
      return false;
    }
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      String table = connection.sync().clusterNodes();
      return table.lines().filter(l -> !l.isBlank()).count() == nodes.size() && !table.contains("handshake")
          && !table.contains("noaddr") && !table.contains("fail") && !table.contains(":0@");
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static String clusterInfo(RedisClient client) {
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      return connection.sync().clusterInfo();
    } catch (RuntimeException e) {
      return "";
    }
  }
}
