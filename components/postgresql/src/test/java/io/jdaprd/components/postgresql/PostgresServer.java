package io.jdaprd.components.postgresql;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL cluster for tests, made from the server binaries on the machine (Debian's
 * {@code /usr/lib/postgresql/N/bin} or the {@code PATH}, or only {@code $PG_BIN} when set): {@code initdb} into a temporary directory, {@code postgres}
 * on a free port of 127.0.0.1 with its Unix socket in that directory, the superuser {@code postgres} trusted and
 * every other role checked with SCRAM. PostgreSQL refuses to run as root, so a root test run starts it as the
 * {@code postgres} user (else {@code nobody}) through {@code runuser}, and hands that user the directory.
 *
 * <p>Without binaries the tests are skipped, loudly, unless {@code CI=true}, where they fail.
 */
public final class PostgresServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Path bin;
  private final Path dir;
  private final String runAs;
  private final int port;
  private final Thread cleanupHook;
  private boolean running;

  private PostgresServer(Path bin, Path dir, String runAs, int port) {
    this.bin = bin;
    this.dir = dir;
    this.runAs = runAs;
    this.port = port;
    this.cleanupHook = new Thread(this::stopQuietly, "postgres test server cleanup");
    Runtime.getRuntime().addShutdownHook(cleanupHook);
  }

  /** The directory of {@code initdb}, {@code pg_ctl} and {@code postgres}; skips or fails the test when none. */
  static Path binaries() {
    Optional<Path> found = findBinaries();
    if (found.isEmpty()) {
      String message = missingMessage();
      if (runningInCi()) {
        throw new AssertionError(message);
      }
      System.err.println("SKIPPED: " + message);
      assumeTrue(false, message);
    }
    return found.orElseThrow();
  }

  /** The directory of the server binaries: only {@code $PG_BIN} when set, else Debian's or the PATH's. */
  static Optional<Path> findBinaries() {
    List<Path> candidates = new ArrayList<>();
    String env = System.getenv("PG_BIN");
    if (env != null && !env.isBlank()) {
      candidates.add(Path.of(env));
    } else {
      try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
        versions.map(v -> v.resolve("bin")).sorted(Comparator.comparing(PostgresServer::major).reversed())
            .forEach(candidates::add);
      } catch (IOException e) {
        // No Debian layout: the PATH remains.
      }
      for (String dirOnPath : System.getenv().getOrDefault("PATH", "").split(":")) {
        if (!dirOnPath.isEmpty()) {
          candidates.add(Path.of(dirOnPath));
        }
      }
    }
    return candidates.stream()
        .filter(c -> Stream.of("initdb", "pg_ctl", "postgres").allMatch(b -> Files.isExecutable(c.resolve(b))))
        .findFirst();
  }

  /** Why the tests cannot run without binaries. */
  static String missingMessage() {
    String env = System.getenv("PG_BIN");
    return "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found in "
        + (env != null && !env.isBlank() ? "$PG_BIN (" + env + ")" : "/usr/lib/postgresql/*/bin or the PATH")
        + ": install them (apt-get install postgresql) to run these tests";
  }

  /** Whether {@code CI=true}, where missing binaries fail the tests instead of skipping them. */
  static boolean runningInCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** Creates and starts a cluster. */
  public static PostgresServer start() throws Exception {
    Path bin = binaries();
    String runAs = isRoot() ? unprivilegedUser() : null;
    Path dir = Files.createTempDirectory(baseDir(runAs), "jdaprd-pg-");
    Files.setPosixFilePermissions(dir, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.OWNER_EXECUTE));
    if (runAs != null) {
      UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(runAs);
      Files.setOwner(dir, owner);
    }
    run(bin, runAs, dir, List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U",
        "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "-N"));
    Files.writeString(dir.resolve("data/pg_hba.conf"), """
        local all all trust
        host all postgres 127.0.0.1/32 trust
        host all all 127.0.0.1/32 scram-sha-256
        """);
    for (int attempt = 1; ; attempt++) {
      PostgresServer server = new PostgresServer(bin, dir, runAs, freePort());
      try {
        server.startAgain();
        return server;
      } catch (IOException e) {
        Runtime.getRuntime().removeShutdownHook(server.cleanupHook);
        if (attempt == 3) {
          deleteTree(dir);
          throw e;
        }
      }
    }
  }

  public int port() {
    return port;
  }

  /** The database {@code name}, created when it does not exist yet. */
  synchronized String database(String name) throws SQLException {
    try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
      try (var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
        if (rs.next()) {
          return name;
        }
      }
      s.execute("CREATE DATABASE " + name);
    }
    return name;
  }

  /** A new, empty database. */
  public String createDatabase() throws SQLException {
    String name = "db_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return name;
  }

  /** A login role that must give {@code password}. */
  void createUser(String user, String password) throws SQLException {
    try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
      s.execute("CREATE ROLE " + user + " LOGIN SUPERUSER PASSWORD '" + password.replace("'", "''") + "'");
    }
  }

  /** A connection as the superuser. */
  Connection connect(String database) throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, "postgres", "");
  }

  /** A key=value connection string for the superuser, who needs no password. */
  public String connectionString(String database) {
    return "host=127.0.0.1 port=" + port + " user=postgres database=" + database + " sslmode=disable";
  }

  /** {@code pg_ctl stop -m fast}: sessions are ended, the data kept. */
  void stopFast() throws Exception {
    run(bin, runAs, dir, List.of(bin.resolve("pg_ctl").toString(), "stop", "-w", "-D", dir.resolve("data")
        .toString(), "-m", "fast"));
    running = false;
  }

  /** Starts the server on its port and data directory, and waits until it accepts connections. */
  void startAgain() throws Exception {
    String options = "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
        + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=32MB";
    run(bin, runAs, dir, List.of(bin.resolve("pg_ctl").toString(), "start", "-w", "-t",
        Long.toString(START_TIMEOUT.toSeconds()), "-D", dir.resolve("data").toString(), "-l",
        dir.resolve("server.log").toString(), "-o", options));
    running = true;
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      SQLException failure = null;
      try (Connection c = connect("postgres")) {
        if (c.isValid(5)) {
          return;
        }
      } catch (SQLException e) {
        failure = e;
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("PostgreSQL did not accept connections on port " + port, failure);
      }
      Thread.sleep(50);
    }
  }

  /** {@code pg_ctl stop -m immediate}, then the directory is deleted. */
  @Override
  public void close() {
    stopQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(cleanupHook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down and runs the hook itself.
    }
  }

  private synchronized void stopQuietly() {
    if (!Files.exists(dir)) {
      return;
    }
    if (running) {
      try {
        run(bin, runAs, dir, List.of(bin.resolve("pg_ctl").toString(), "stop", "-w", "-D",
            dir.resolve("data").toString(), "-m", "immediate"));
      } catch (Exception e) {
        killPostmaster();
      }
      running = false;
    }
    deleteTree(dir);
  }

  private void killPostmaster() {
    try {
      String pid = Files.readAllLines(dir.resolve("data/postmaster.pid")).get(0).trim();
      ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
    } catch (IOException | RuntimeException e) {
      System.err.println("could not stop the test PostgreSQL in " + dir + ": " + e);
    }
  }

  /** Runs a server program, as {@code runAs} when set; the output goes to a file of {@code dir}. */
  private static void run(Path bin, String runAs, Path dir, List<String> command) throws Exception {
    List<String> full = new ArrayList<>();
    if (runAs != null) {
      full.addAll(List.of(runuser(), "-u", runAs, "--"));
    }
    full.addAll(command);
    Path output = dir.resolve("commands.log");
    ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).directory(dir.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("PG"));
    env.put("LC_ALL", "C");
    Process process = builder.start();
    if (!process.waitFor(START_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(command.get(0) + " did not finish; see " + output);
    }
    if (process.exitValue() != 0) {
      String log = Files.exists(output) ? Files.readString(output) : "";
      Path serverLog = dir.resolve("server.log");
      if (Files.exists(serverLog)) {
        log += "\n--- server.log ---\n" + Files.readString(serverLog);
      }
      throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ":\n" + log);
    }
  }

  private static boolean isRoot() throws IOException {
    return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
  }

  /** {@code postgres} when that user exists (Debian's package makes it), else {@code nobody}. */
  private static String unprivilegedUser() throws IOException {
    return Files.readAllLines(Path.of("/etc/passwd")).stream().anyMatch(l -> l.startsWith("postgres:"))
        ? "postgres" : "nobody";
  }

  private static String runuser() throws IOException {
    for (String candidate : List.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    throw new IOException("running as root, and runuser (util-linux) is missing: PostgreSQL cannot be started");
  }

  /** The temporary directory, when the server's user can reach it, else {@code /tmp}. */
  private static Path baseDir(String runAs) {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
    if (runAs == null) {
      return tmp;
    }
    for (Path p = tmp; p != null; p = p.getParent()) {
      try {
        if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
          return Path.of("/tmp");
        }
      } catch (IOException e) {
        return Path.of("/tmp");
      }
    }
    return tmp;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static int major(Path versionBin) {
    String name = versionBin.getParent().getFileName().toString();
    return name.matches("\\d+") ? Integer.parseInt(name) : 0;
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not delete " + root + ": " + e);
    }
  }
}
