package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jdaprd.spi.testkit.backend.Ci;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Node.js for the JS SDK tests: whether {@code node} runs (a skip, loudly, or under CI a failure), and
 * {@code npm ci} in {@code it/js} when {@code node_modules} is older than {@code package-lock.json}.
 */
final class NodeJs {
  /** The JS project: {@code it/js}. */
  static final Path JS = Locations.root().resolve("it/js");

  private NodeJs() {
  }

  /**
   * Null when Node runs; else why not, printed as a skip. Under CI ({@link Ci}) a missing Node is an
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
    if (Ci.isActive()) {
      throw new AssertionError(message + " (CI is set, so this is a failure, not a skip)");
    }
    System.err.println(Ci.banner(message));
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

  /**
   * What a script printed: its exit code, the JSON lines (one per check), and the whole output.
   *
   * @param exitCode the exit code
   * @param lines the lines that start with <code>{</code>, parsed
   * @param output everything it printed
   */
  record Script(int exitCode, List<JsonNode> lines, String output) {
  }

  /**
   * Runs {@code node <script>} in {@code it/js} with {@code env} (and without {@code DAPR_API_TOKEN}), for at most
   * 90 seconds, keeping its output in {@code it/target/<outputName>}.
   */
  static Script run(String script, Map<String, String> env, String outputName) throws Exception {
    Path out = Locations.targetDir().resolve(outputName);
    ProcessBuilder pb = new ProcessBuilder("node", script).directory(JS.toFile()).redirectErrorStream(true)
        .redirectOutput(out.toFile());
    pb.environment().putAll(env);
    pb.environment().remove("DAPR_API_TOKEN");
    Process p = pb.start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("node " + script + " still running after 90 s; output so far:\n"
          + Files.readString(out, StandardCharsets.UTF_8));
    }
    String output = Files.readString(out, StandardCharsets.UTF_8);
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : output.lines().toList()) {
      if (line.startsWith("{")) {
        lines.add(json.readTree(line));
      }
    }
    return new Script(p.exitValue(), lines, output);
  }
}
