package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Node.js for the JS SDK tests: whether {@code node} runs (a skip, loudly, or with {@code CI=true} a failure), and
 * {@code npm ci} in {@code it/js} when {@code node_modules} is older than {@code package-lock.json}.
 */
final class NodeJs {
  /** The JS project: {@code it/js}. */
  static final Path JS = Locations.root().resolve("it/js");

  private NodeJs() {
  }

  /**
   * Null when Node runs; else why not, printed as a skip. With {@code CI=true} a missing Node is an
   * {@link AssertionError}, not a skip.
   */
  static String problem(String testClass) {
    String problem;
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      problem = p.waitFor() == 0 ? null : "`node --version` failed: " + version;
    } catch (IOException | InterruptedException e) {
      problem = "no `node` on the PATH (" + e.getMessage() + ")";
    }
    if (problem == null) {
      return null;
    }
    String message = testClass + " needs Node.js 20+ and npm to run the official Dapr JS SDK: " + problem;
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(message + " (CI=true, so this is a failure, not a skip)");
    }
    System.err.println("*** SKIPPED *** " + message);
    return message;
  }

  /** Runs {@code npm ci} (at most 5 minutes) unless node_modules already matches package-lock.json. */
  static synchronized void installIfNeeded() throws IOException, InterruptedException {
    Path installed = JS.resolve("node_modules/.package-lock.json");
    if (Files.isRegularFile(installed) && isNewer(installed, JS.resolve("package-lock.json"))
        && isNewer(installed, JS.resolve("package.json"))) {
      return;
    }
    Files.createDirectories(Locations.targetDir());
    Path log = Locations.targetDir().resolve("npm-ci.log");
    Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(JS.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(npm.waitFor(5, TimeUnit.MINUTES)).as("npm ci finished within 5 minutes").isTrue();
    assertThat(npm.exitValue()).as("npm ci exit code; output in %s:%n%s", log, Files.readString(log)).isZero();
  }

  private static boolean isNewer(Path file, Path than) throws IOException {
    return Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(than)) >= 0;
  }
}
