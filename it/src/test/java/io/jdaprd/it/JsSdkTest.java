package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official JS SDK ({@code @dapr/dapr} 3.18.0, pinned in {@code it/js/package-lock.json}) run by Node against a
 * sidecar with a {@code state.in-memory} store: {@code it/js/state-test.mjs} checks every call's result or error
 * shape over HTTP and then gRPC, printing one JSON line per check. Without Node the test is skipped, loudly; with
 * {@code CI=true} it fails instead.
 */
class JsSdkTest {
  private static final String APP_ID = "it-js-sdk";
  private static final Path JS = Locations.root().resolve("it/js");
  private static final List<String> CHECKS = List.of("save", "get", "delete", "get-deleted", "getBulk",
      "transaction", "etag-conflict", "illegal-key", "unknown-store");
  private static SidecarProcess sidecar;
  private static String skipped;

  @BeforeAll
  static void start() throws Exception {
    skipped = nodeProblem();
    if (skipped != null) {
      return;
    }
    Process npm = npmCiIfNeeded();
    sidecar = SidecarProcess.withAppId(APP_ID).resources(Locations.testResource("components/inmemory")).start();
    if (npm != null) {
      Path log = Locations.targetDir().resolve("npm-ci.log");
      assertThat(npm.waitFor(5, TimeUnit.MINUTES)).as("npm ci finished within 5 minutes").isTrue();
      assertThat(npm.exitValue()).as("npm ci exit code; output in %s:%n%s", log, Files.readString(log)).isZero();
    }
  }

  @AfterAll
  static void stop() {
    if (sidecar != null) {
      sidecar.close();
    }
  }

  /** Null when Node runs; else why not. With {@code CI=true} a missing Node is a failure, not a skip. */
  private static String nodeProblem() {
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
    String message = "JsSdkTest needs Node.js 20+ and npm to run the official Dapr JS SDK: " + problem;
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(message + " (CI=true, so this is a failure, not a skip)");
    }
    System.err.println("*** SKIPPED *** " + message);
    return message;
  }

  /** Starts {@code npm ci} unless node_modules already matches package-lock.json; null when nothing to do. */
  private static Process npmCiIfNeeded() throws IOException {
    Path installed = JS.resolve("node_modules/.package-lock.json");
    if (Files.isRegularFile(installed) && isNewer(installed, JS.resolve("package-lock.json"))
        && isNewer(installed, JS.resolve("package.json"))) {
      return null;
    }
    Files.createDirectories(Locations.targetDir());
    return new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(JS.toFile())
        .redirectErrorStream(true).redirectOutput(Locations.targetDir().resolve("npm-ci.log").toFile()).start();
  }

  private static boolean isNewer(Path file, Path than) throws IOException {
    return Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(than)) >= 0;
  }

  private record Script(int exitCode, List<JsonNode> lines, String output) {
  }

  private static Script runScript() throws Exception {
    Path out = Locations.targetDir().resolve("js-state-test.out");
    ProcessBuilder pb = new ProcessBuilder("node", "state-test.mjs").directory(JS.toFile()).redirectErrorStream(true)
        .redirectOutput(out.toFile());
    pb.environment().putAll(Map.of("DAPR_HOST", "127.0.0.1", "DAPR_HTTP_PORT", String.valueOf(sidecar.httpPort()),
        "DAPR_GRPC_PORT", String.valueOf(sidecar.grpcPort()), "APP_ID", APP_ID));
    pb.environment().remove("DAPR_API_TOKEN");
    Process p = pb.start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("node state-test.mjs still running after 90 s; output so far:\n" + read(out));
    }
    String output = read(out);
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : output.lines().toList()) {
      if (line.startsWith("{")) {
        lines.add(json.readTree(line));
      }
    }
    return new Script(p.exitValue(), lines, output);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void stateCallsAndErrorShapesOverHttpAndGrpc() throws Exception {
    Assumptions.assumeTrue(skipped == null, () -> skipped);
    Script script = runScript();

    assertThat(script.exitCode()).as("exit code of node state-test.mjs; output:%n%s", script.output()).isZero();
    List<String> expected = new ArrayList<>();
    for (String protocol : List.of("http", "grpc")) {
      CHECKS.forEach(c -> expected.add(protocol + " " + c + " ok"));
    }
    expected.add("summary failures=0");
    assertThat(script.lines()).as(script.output()).extracting(l -> l.has("summary")
        ? "summary failures=" + l.get("failures").asInt()
        : l.path("protocol").asText() + " " + l.get("check").asText() + (l.get("ok").asBoolean() ? " ok" : " FAILED"))
        .containsExactlyElementsOf(expected);

    JsonNode httpKey = observed(script, "http", "illegal-key");
    assertThat(httpKey.get("resolvedWithError").asBoolean()).as("HTTP state.save resolves to {error}").isTrue();
    assertThat(httpKey.get("status").asInt()).isEqualTo(400);
    assertThat(httpKey.get("error_msg").asText()).isEqualTo(Golden.body("state-illegal-key.json"));
    assertThat(observed(script, "http", "unknown-store").get("error_msg").asText())
        .isEqualTo(Golden.body("state-store-not-found.json", "appId", APP_ID));
    JsonNode grpcKey = observed(script, "grpc", "illegal-key");
    assertThat(grpcKey.get("code").asInt()).isEqualTo(3);
    assertThat(grpcKey.get("details").toString())
        .isEqualTo("[\"google.rpc.BadRequest\",\"google.rpc.ResourceInfo\",\"google.rpc.ErrorInfo\"]");
    assertThat(observed(script, "grpc", "etag-conflict").get("code").asInt()).as("aborted").isEqualTo(10);
  }

  private static JsonNode observed(Script script, String protocol, String check) {
    return script.lines().stream()
        .filter(l -> protocol.equals(l.path("protocol").asText()) && check.equals(l.path("check").asText()))
        .findFirst().orElseThrow(() -> new AssertionError("no line for " + protocol + " " + check))
        .get("observed");
  }
}
