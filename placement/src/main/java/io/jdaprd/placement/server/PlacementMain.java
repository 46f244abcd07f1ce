package io.jdaprd.placement.server;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * {@code jdaprd placement [flags]}: the placement service with the flags of daprd's placement binary that apply to
 * one replica ({@code --port}, {@code --listen-address}, {@code --healthz-port}, {@code --healthz-listen-address},
 * {@code --id}, {@code --replicationFactor}, {@code --keepalive-time}, {@code --keepalive-timeout},
 * {@code --disseminate-timeout}, {@code --log-level}); flags of Raft, TLS and metrics are accepted and ignored.
 * Replicas are jdaprd's own: with {@code --etcd-endpoints http://host:port[,...]} this replica campaigns for
 * leadership in etcd under {@code --etcd-prefix} (default {@value #DEFAULT_ETCD_PREFIX}; replicas of one service
 * share it) with a lease of {@code --etcd-lease-ttl} (default 5s, whole seconds, at least 2s) and serves sidecars
 * only while it leads ({@link EtcdLeadership}); without it, it is the only replica and always leads.
 * {@code /healthz} on the healthz port answers 200 once serving; with {@code --metadata-enabled} (or
 * {@code DAPR_PLACEMENT_METADATA_ENABLED}) {@code /placement/state} there shows the tables. Runs until the process is
 * stopped; {@code --help} prints the flags ({@link #usage()}).
 */
public final class PlacementMain {
  private static final Set<String> VALUE_FLAGS = Set.of("port", "listen-address", "healthz-port",
      "healthz-listen-address", "id", "replicationFactor", "keepalive-time", "keepalive-timeout",
      "disseminate-timeout", "disseminate-coalesce-window", "log-level", "initial-cluster", "raft-logstore-path",
      "trust-domain", "trust-anchors-file", "sentry-address", "mode", "metrics-port", "metrics-listen-address",
      "max-api-level", "min-api-level", "inmem-store-enabled", "tls-enabled", "metadata-enabled", "log-as-json",
      "enable-metrics", "etcd-endpoints", "etcd-prefix", "etcd-lease-ttl");
  private static final Set<String> BOOLEAN_FLAGS = Set.of("inmem-store-enabled", "tls-enabled", "metadata-enabled",
      "log-as-json", "enable-metrics");

  /** The etcd key prefix of replicas that do not name one. */
  static final String DEFAULT_ETCD_PREFIX = "/jdaprd/placement";

  private PlacementMain() {
  }

  /** Thrown for a bad flag or value; the message is one line for stderr. */
  public static final class BadFlagException extends Exception {
    private static final long serialVersionUID = 1L;

    BadFlagException(String message) {
      super(message);
    }
  }

  /**
   * Parses daprd-placement flags into server options and the healthz port (-1: none).
   *
   * @return the options, and in {@code healthz} the healthz address and port
   */
  static Options parse(List<String> args) throws BadFlagException {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (!a.startsWith("-")) {
        throw new BadFlagException("unexpected argument: " + a);
      }
      String body = a.startsWith("--") ? a.substring(2) : a.substring(1);
      String name = body;
      String value = null;
      int eq = body.indexOf('=');
      if (eq >= 0) {
        name = body.substring(0, eq);
        value = body.substring(eq + 1);
      }
      if (!VALUE_FLAGS.contains(name)) {
        throw new BadFlagException("unknown flag: --" + name);
      }
      if (value == null) {
        if (BOOLEAN_FLAGS.contains(name)) {
          value = "true";
        } else if (i + 1 < args.size()) {
          value = args.get(++i);
        } else {
          throw new BadFlagException("flag needs an argument: --" + name);
        }
      }
      values.put(name, value);
    }
    PlacementServer.Options d = PlacementServer.Options.defaults();
    Duration keepAliveTime = duration(values, "keepalive-time", d.keepAliveTime());
    Duration keepAliveTimeout = duration(values, "keepalive-timeout", d.keepAliveTimeout());
    if (keepAliveTime.compareTo(Duration.ofSeconds(1)) < 0 || keepAliveTime.compareTo(Duration.ofSeconds(10)) > 0) {
      throw new BadFlagException("invalid value for keepalive-time: value should be between 1s and 10s, got "
          + values.get("keepalive-time"));
    }
    if (keepAliveTimeout.compareTo(Duration.ofSeconds(1)) < 0
        || keepAliveTimeout.compareTo(Duration.ofSeconds(10)) > 0) {
      throw new BadFlagException("invalid value for keepalive-timeout: value should be between 1s and 10s, got "
          + values.get("keepalive-timeout"));
    }
    PlacementServer.Options server = new PlacementServer.Options(values.getOrDefault("listen-address", ""),
        integer(values, "port", d.port()), values.getOrDefault("id", d.nodeId()),
        integer(values, "replicationFactor", d.replicationFactor()), keepAliveTime, keepAliveTimeout,
        duration(values, "disseminate-timeout", d.disseminateTimeout()), Leadership.single());
    String level = values.getOrDefault("log-level", "info");
    if (!List.of("debug", "info", "warn", "error", "fatal").contains(level)) {
      throw new BadFlagException("--log-level: " + level + " (expected: debug, info, warn, error or fatal)");
    }
    String metadata = values.getOrDefault("metadata-enabled",
        String.valueOf(System.getenv("DAPR_PLACEMENT_METADATA_ENABLED")));
    return new Options(server, values.getOrDefault("healthz-listen-address", ""),
        integer(values, "healthz-port", 8080), level,
        List.of("y", "yes", "true", "on", "1").contains(metadata.toLowerCase(java.util.Locale.ROOT)), etcd(values));
  }

  /**
   * Parsed command line; {@code server} always leads ({@link Leadership#single()}): {@link #main} replaces that with
   * an {@link EtcdLeadership} when {@code etcd} is not null.
   */
  record Options(PlacementServer.Options server, String healthzAddress, int healthzPort, String logLevel,
      boolean metadataEnabled, Etcd etcd) {
  }

  /** Where replicas elect their leader: etcd's client URLs, the key prefix they share, and their leases' TTL. */
  record Etcd(List<String> endpoints, String prefix, Duration leaseTtl) {
  }

  private static Etcd etcd(Map<String, String> values) throws BadFlagException {
    String prefix = values.getOrDefault("etcd-prefix", DEFAULT_ETCD_PREFIX);
    Duration ttl = duration(values, "etcd-lease-ttl", Duration.ofSeconds(5));
    String list = values.get("etcd-endpoints");
    if (list == null) {
      for (String dependent : List.of("etcd-prefix", "etcd-lease-ttl")) {
        if (values.containsKey(dependent)) {
          throw new BadFlagException("--" + dependent + " needs --etcd-endpoints");
        }
      }
      return null;
    }
    List<String> endpoints = new ArrayList<>();
    for (String e : list.split(",", -1)) {
      String endpoint = e.strip();
      if (!endpoint.matches("http://[^/:\\s]+:\\d{1,5}/?")) {
        throw new BadFlagException("invalid value for etcd-endpoints: \"" + endpoint
            + "\" is not http://host:port (a comma-separated list of etcd client URLs)");
      }
      endpoints.add(endpoint);
    }
    if (!prefix.startsWith("/") || prefix.length() < 2 || prefix.endsWith("/")) {
      throw new BadFlagException("invalid value for etcd-prefix: \"" + prefix
          + "\" (a key prefix such as /jdaprd/placement: starts with /, does not end with one)");
    }
    if (ttl.toNanos() % 1_000_000_000L != 0 || ttl.compareTo(Duration.ofSeconds(2)) < 0) {
      throw new BadFlagException("invalid value for etcd-lease-ttl: value should be whole seconds, at least 2s, got "
          + values.get("etcd-lease-ttl"));
    }
    return new Etcd(List.copyOf(endpoints), prefix, ttl);
  }

  private static int integer(Map<String, String> values, String name, int fallback) throws BadFlagException {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new BadFlagException("invalid argument \"" + v + "\" for \"--" + name + "\" flag");
    }
  }

  /** A Go duration of one or more number+unit parts (h, m, s, ms, us, ns), as daprd's flags take. */
  static Duration duration(Map<String, String> values, String name, Duration fallback) throws BadFlagException {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|us|µs|ns|m|s)").matcher(v);
    long nanos = 0;
    int end = 0;
    while (m.find() && m.start() == end) {
      double n = Double.parseDouble(m.group(1));
      long unit = switch (m.group(2)) {
        case "h" -> 3_600_000_000_000L;
        case "m" -> 60_000_000_000L;
        case "s" -> 1_000_000_000L;
        case "ms" -> 1_000_000L;
        case "us", "µs" -> 1_000L;
        default -> 1L;
      };
      nanos += (long) (n * unit);
      end = m.end();
    }
    if (end == 0 || end != v.length()) {
      throw new BadFlagException("invalid argument \"" + v + "\" for \"--" + name + "\" flag: time: invalid duration \""
          + v + "\"");
    }
    return Duration.ofNanos(nanos);
  }

  /** Runs the service with the logging the class path brings (no level applied). */
  public static void main(String[] args) {
    main(args, level -> { });
  }

  /**
   * Runs the service until the process ends. {@code logLevel} configures logging (the launcher's logging setup);
   * a bad flag or an unbindable port is one line on stderr and exit code 1.
   */
  public static void main(String[] args, Consumer<String> logLevel) {
    if (List.of(args).stream().anyMatch(a -> a.equals("-h") || a.equals("--help") || a.equals("-help"))) {
      System.out.println(usage());
      return;
    }
    Options options;
    try {
      options = parse(new ArrayList<>(List.of(args)));
    } catch (BadFlagException e) {
      System.err.println("jdaprd placement: " + e.getMessage());
      System.exit(1);
      return;
    }
    logLevel.accept(options.logLevel());
    PlacementServer server;
    HttpServer healthz = null;
    try {
      PlacementServer.Options serverOptions = options.server();
      if (options.etcd() != null) {
        Etcd etcd = options.etcd();
        serverOptions = serverOptions.withLeadership(serverOptions.nodeId(),
            EtcdLeadership.start(etcd.endpoints(), etcd.prefix(), serverOptions.nodeId(), etcd.leaseTtl()));
      }
      server = PlacementServer.start(serverOptions);
      if (options.healthzPort() >= 0) {
        healthz = healthz(options.healthzAddress(), options.healthzPort(), options.metadataEnabled() ? server : null);
      }
    } catch (UncheckedIOException e) {
      System.err.println("jdaprd placement: cannot start: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    HttpServer health = healthz;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      if (health != null) {
        health.stop(0);
      }
      stopped.countDown();
    }, "placement-signal"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What {@code jdaprd placement --help} prints. */
  static String usage() {
    return """
        Usage: jdaprd placement [flags]
        Dapr's actor placement service (daprd 1.18's placement flags; Raft, TLS and metrics flags are ignored):
          --port int                      gRPC port (default 50005)
          --listen-address string         address of the gRPC port (default: all interfaces)
          --healthz-port int              /healthz (and /placement/state) port, -1 for none (default 8080)
          --healthz-listen-address string address of the healthz port (default: all interfaces)
          --id string                     this replica's id (default "dapr-placement-0")
          --replicationFactor int         virtual nodes per host (default 100)
          --keepalive-time duration       interval of keepalive pings, 1s to 10s (default 2s)
          --keepalive-timeout duration    how long a ping may stay unanswered, 1s to 10s (default 3s)
          --disseminate-timeout duration  how long a round's phase waits for acknowledgements (default 8s)
          --metadata-enabled              serve /placement/state on the healthz port
          --log-level string              debug, info, warn, error or fatal (default "info")
        Replicas (jdaprd's own: leader election in etcd instead of Raft; only the leader serves sidecars):
          --etcd-endpoints string         etcd client URLs, http://host:port[,...]; absent: one replica, always leader
          --etcd-prefix string            etcd key prefix the replicas share (default "/jdaprd/placement")
          --etcd-lease-ttl duration       lease TTL, whole seconds, at least 2s (default 5s): how long a killed
                                          leader keeps the others waiting, and etcd may be unreachable""";
  }

  private static HttpServer healthz(String address, int port, PlacementServer metadata) {
    try {
      InetSocketAddress bind = address.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(address, port);
      HttpServer http = HttpServer.create(bind, 0);
      http.createContext("/healthz", exchange -> {
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
      });
      if (metadata != null) {
        http.createContext("/placement/state", exchange -> {
          byte[] body = metadata.stateJson().getBytes(java.nio.charset.StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
      }
      http.start();
      return http;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on healthz port " + port + ": " + e.getMessage(), e);
    }
  }
}
