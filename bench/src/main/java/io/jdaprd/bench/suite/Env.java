package io.jdaprd.bench.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Where things are and how processes are started: the JDK this runner runs on (the one {@code bin/find-java}
 * chose), the sidecar jar, the bench classpath, the work and log folders. Every process started here is ended when
 * the runner exits, however it exits.
 */
final class Env {
  final Path java;
  final int jdkMajor;
  final Path root;
  final Path serverJar;
  final String benchClasspath;
  final Path work;
  final Path logs;
  final boolean pin;
  private final List<Process> children = new CopyOnWriteArrayList<>();

  Env(Options options) throws IOException {
    this.java = Path.of(System.getProperty("java.home"), "bin", "java");
    this.jdkMajor = Runtime.version().feature();
    this.root = options.root;
    this.serverJar = privateCopy(root.resolve("server/target"), root.resolve("bench/target/sidecar"));
    this.benchClasspath = root.resolve("bench/target/classes") + ":" + root.resolve("bench/target/lib") + "/*";
    this.work = Files.createDirectories(root.resolve("bench/target/bench-work"));
    this.logs = Files.createDirectories(root.resolve("bench/target/bench-logs"));
    try (var old = Files.list(logs)) {
      for (Path p : old.toList()) {
        Files.deleteIfExists(p);
      }
    }
    this.pin = options.pin;
    Runtime.getRuntime().addShutdownHook(new Thread(this::endAll, "bench-cleanup"));
  }

  /**
   * Copies {@code jdaprd.jar} and its {@code lib/} from {@code built} to {@code copy} (when the jar changed), so that
   * a rebuild of the server during a run (another build, a test run) changes nothing under the benchmark's feet and
   * does not invalidate the class-data caches recorded for it.
   */
  private static Path privateCopy(Path built, Path copy) throws IOException {
    Path jar = built.resolve("jdaprd.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no sidecar jar at " + jar + " (run bench/run without --no-build)");
    }
    Path target = copy.resolve("jdaprd.jar");
    if (Files.isRegularFile(target) && Files.size(target) == Files.size(jar)
        && Files.getLastModifiedTime(target).equals(Files.getLastModifiedTime(jar))) {
      return target;
    }
    Path lib = copy.resolve("lib");
    if (Files.isDirectory(lib)) {
      try (var old = Files.list(lib)) {
        for (Path p : old.toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(lib);
    try (var libs = Files.list(built.resolve("lib"))) {
      for (Path p : libs.toList()) {
        Files.copy(p, lib.resolve(p.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
    Files.copy(jar, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
    return target;
  }

  /** The options the launcher always gives the JVM on this JDK. */
  List<String> baseJvmFlags() {
    List<String> flags = new ArrayList<>();
    if (jdkMajor >= 23) {
      flags.add("--sun-misc-unsafe-memory-access=allow");
    }
    return flags;
  }

  /** {@code java} with the launcher's base options, the given options, then the classpath and the main class. */
  List<String> benchJava(List<String> jvmFlags, String mainClass) {
    List<String> cmd = new ArrayList<>(List.of(java.toString()));
    cmd.addAll(baseJvmFlags());
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    cmd.add("-Dorg.slf4j.simpleLogger.log.com.linecorp.armeria.common.CommonPools=error");
    cmd.addAll(jvmFlags);
    cmd.addAll(List.of("-cp", benchClasspath, mainClass));
    return cmd;
  }

  /**
   * Like {@link #benchJava}, with the bench module's jar instead of its classes directory on the class path: the
   * JVM records and uses a class-data cache only for a class path of jars.
   */
  List<String> benchJarJava(List<String> jvmFlags, String mainClass) throws IOException {
    List<String> cmd = benchJava(jvmFlags, mainClass);
    cmd.set(cmd.size() - 2, benchJar() + ":" + root.resolve("bench/target/lib") + "/*");
    return cmd;
  }

  /** The bench module's jar ({@code bench/target/jdaprd-bench-*.jar}). */
  Path benchJar() throws IOException {
    try (java.util.stream.Stream<Path> files = Files.list(root.resolve("bench/target"))) {
      return files.filter(f -> f.getFileName().toString().matches("jdaprd-bench-.*\\.jar")).findFirst()
          .orElseThrow(() -> new IOException("no bench/target/jdaprd-bench-*.jar: build the bench module"));
    }
  }

  /**
   * Starts {@code command} with stdout and stderr appended to {@code log} (stdout stays a pipe when
   * {@code pipeStdout}); on {@code cpus} (a taskset list) when pinning is on and {@code cpus} is given.
   */
  Process spawn(List<String> command, Path log, Map<String, String> environment, String cpus, boolean pipeStdout)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    if (pin && cpus != null) {
      cmd.addAll(List.of("taskset", "-c", cpus));
    }
    cmd.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    if (!pipeStdout) {
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    }
    pb.environment().putAll(environment);
    Process p = pb.start();
    children.add(p);
    return p;
  }

  /** Ends {@code p} (SIGTERM, then SIGKILL after {@code graceSeconds}) and forgets it. */
  void end(Process p, double graceSeconds) {
    try {
      if (p.isAlive()) {
        p.destroy();
        if (!p.waitFor(Math.round(graceSeconds * 1000), TimeUnit.MILLISECONDS)) {
          p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      children.remove(p);
    }
  }

  private void endAll() {
    for (Process p : children) {
      p.destroyForcibly();
    }
  }
}
