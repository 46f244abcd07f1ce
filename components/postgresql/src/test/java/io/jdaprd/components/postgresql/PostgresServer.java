package io.jdaprd.components.postgresql;

import io.jdaprd.spi.testkit.backend.Binaries;
import io.jdaprd.spi.testkit.backend.Ci;
import io.jdaprd.spi.testkit.backend.PrivateServer;
import java.io.IOException;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL cluster for tests ({@link PrivateServer}), made from the server binaries on the machine
 * (Debian's {@code /usr/lib/postgresql/N/bin} or the {@code PATH}, or only {@code $PG_BIN} when set): {@code initdb}
 * into a temporary directory, {@code postgres} on a free port of 127.0.0.1 with its Unix socket in that directory,
 * the superuser {@code postgres} trusted and every other role checked with SCRAM. PostgreSQL refuses to run as root,
 * so a root test run starts it as the {@code postgres} user (else {@code nobody}) through {@code runuser}, and hands
 * that user the directory.
 */
public final class PostgresServer extends PrivateServer {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Path bin;
  private final String runAs;

  private PostgresServer(Path bin, Path dir, String runAs) {
    super("postgres", dir, 1, START_TIMEOUT);
    this.bin = bin;
    this.runAs = runAs;
  }

  /** The directory of {@code initdb}, {@code pg_ctl} and {@code postgres}; skips or fails the test when none. */
  static Path binaries() {
    Optional<Path> found = findBinaries();
    if (found.isEmpty()) {
      Ci.skipOrFail(missingMessage());
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
      Binaries.candidates("initdb").forEach(initdb -> candidates.add(initdb.getParent()));
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

  /** Whether this is a CI run ({@link Ci}), where missing binaries fail the tests instead of skipping them. */
  static boolean runningInCi() {
    return Ci.isActive();
  }

  /** Creates and starts a cluster. */
  public static PostgresServer start() throws Exception {
    Path bin = binaries();
    String runAs = isRoot() ? unprivilegedUser() : null;
    Path dir = Files.createTempDirectory(baseDir(runAs), "jdaprd-pg-");
    try {
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
    } catch (Exception e) {
      deleteTree(dir);
      throw e;
    }
    PostgresServer server = new PostgresServer(bin, dir, runAs);
    server.startOnFreePorts();
    return server;
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
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port() + "/" + database, "postgres", "");
  }

  /** A key=value connection string for the superuser, who needs no password. */
  public String connectionString(String database) {
    return "host=127.0.0.1 port=" + port() + " user=postgres database=" + database + " sslmode=disable";
  }

  /** {@code pg_ctl stop -m fast}: sessions are ended, the data kept; {@link #startAgain()} starts it again. */
  void stopFast() throws InterruptedException {
    stop();
  }

  /** The server's own log ({@code pg_ctl -l}). */
  @Override
  public Path log() {
    return directory().resolve("server.log");
  }

  @Override
  protected List<String> command() {
    String options = "-p " + port() + " -k " + directory() + " -c listen_addresses=127.0.0.1 -c fsync=off"
        + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=32MB";
    return List.of(bin.resolve("pg_ctl").toString(), "start", "-w", "-t", Long.toString(START_TIMEOUT.toSeconds()),
        "-D", directory().resolve("data").toString(), "-l", log().toString(), "-o", options);
  }

  /** Runs {@code pg_ctl start}, which returns once the server runs (or has failed to start). */
  @Override
  protected Process launch() throws IOException, InterruptedException {
    run(bin, runAs, directory(), command());
    return null;
  }

  /** Whether the server accepts a connection. */
  @Override
  protected boolean ready() {
    try (Connection c = connect("postgres")) {
      return c.isValid(5);
    } catch (SQLException e) {
      return false;
    }
  }

  /** {@code pg_ctl stop -m fast}, or {@code -m immediate} for good (killing the postmaster if that fails). */
  @Override
  protected void halt(Process launched, boolean forGood) throws IOException, InterruptedException {
    try {
      run(bin, runAs, directory(), List.of(bin.resolve("pg_ctl").toString(), "stop", "-w", "-D",
          directory().resolve("data").toString(), "-m", forGood ? "immediate" : "fast"));
    } catch (IOException e) {
      if (!forGood) {
        throw e;
      }
      killPostmaster();
    }
  }

  private void killPostmaster() {
    try {
      String pid = Files.readAllLines(directory().resolve("data/postmaster.pid")).get(0).trim();
      ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
    } catch (IOException | RuntimeException e) {
      System.err.println("could not stop the test PostgreSQL in " + directory() + ": " + e);
    }
  }

  /** Runs a server program, as {@code runAs} when set; the output goes to a file of {@code dir}. */
  private static void run(Path bin, String runAs, Path dir, List<String> command)
      throws IOException, InterruptedException {
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
}
