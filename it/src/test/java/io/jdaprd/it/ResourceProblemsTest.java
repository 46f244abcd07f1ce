package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A resources path with one good component, a malformed YAML file, an unknown component type, two components
 * with one name, and a component scoped to another app: the sidecar serves what it could load and reports the
 * rest, once each, in its log and in the metadata API.
 */
class ResourceProblemsTest {
  private static final Path DIR = Locations.testResource("components/problems");
  private static SidecarProcess sidecar;
  private static Http http;

  @BeforeAll
  static void start() {
    // A component that failed to load holds /v1.0/healthz back; the APIs are served (healthz/outbound is 204).
    sidecar = SidecarProcess.withAppId("it-problems").resources(DIR).readiness("/v1.0/healthz/outbound").start();
    http = new Http(sidecar);
  }

  @AfterAll
  static void stop() {
    if (sidecar != null) {
      sidecar.close();
    }
  }

  private static String file(String name) {
    return DIR.resolve(name).toString();
  }

  @Test
  void servesTheGoodStoreAndTheFirstTwin() {
    assertThat(http.post("/v1.0/state/good", "[{\"key\":\"k\",\"value\":\"v\"}]").statusCode()).isEqualTo(204);
    assertThat(http.get("/v1.0/state/good/k").body()).isEqualTo("\"v\"");
    assertThat(http.get("/v1.0/state/twin/k").statusCode()).isEqualTo(204);
  }

  @Test
  void componentScopedToAnotherAppIsNotLoaded() {
    HttpResponse<String> r = http.get("/v1.0/state/scoped/k");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"message\":\"state store scoped is not found\"");
    assertThat(sidecar.logText()).doesNotContain(file("scoped.yaml"));
  }

  @Test
  void logsEachProblemOnceNamingItsFile() {
    List<String> problems = sidecar.logText().lines().filter(l -> l.contains("resource not loaded: ")).toList();

    assertThat(problems).hasSize(3);
    assertThat(problems).filteredOn(l -> l.contains("level=ERROR msg=\"resource not loaded: " + file("broken.yaml")
        + ": malformed YAML: ")).hasSize(1);
    assertThat(problems).filteredOn(l -> l.contains("level=ERROR msg=\"resource not loaded: " + file("twin-b.yaml")
        + ": component twin: metadata.name: twin (expected: a name not used by another component; already "
        + "defined in " + file("twin-a.yaml") + ")\"")).hasSize(1);
    assertThat(problems).filteredOn(l -> l.matches(".* level=ERROR msg=\"resource not loaded: "
        + Pattern.quote(file("unknown-type.yaml")) + ": component mystery: spec.type: state.nope \\(expected one "
        + "of: [a-z0-9., -]*state\\.in-memory[a-z0-9., -]*\\)\" .*")).hasSize(1);
  }

  @Test
  void everyLogRecordIsOneLine() {
    assertThat(sidecar.logText().lines().toList()).allSatisfy(l -> assertThat(l).startsWith("time=\""));
  }

  @Test
  void metadataListsTheLoadedComponentsAndTheProblems() throws Exception {
    JsonNode metadata = new ObjectMapper().readTree(http.get("/v1.0/metadata").body());

    assertThat(metadata.get("components").toString()).isEqualTo("[{\"name\":\"good\",\"type\":\"state.in-memory\","
        + "\"version\":\"v1\",\"capabilities\":[\"ETAG\",\"TRANSACTIONAL\",\"TTL\",\"ACTOR\"]},"
        + "{\"name\":\"twin\",\"type\":\"state.in-memory\",\"version\":\"v1\","
        + "\"capabilities\":[\"ETAG\",\"TRANSACTIONAL\",\"TTL\",\"ACTOR\"]}]");
    String errors = metadata.get("extended").get("jdaprd.resourceErrors").asText();
    assertThat(errors).startsWith(file("broken.yaml") + ": malformed YAML: ");
    assertThat(errors).contains("\n" + file("twin-b.yaml") + ": component twin: metadata.name: twin (expected: a "
        + "name not used by another component; already defined in " + file("twin-a.yaml") + ")\n");
    assertThat(errors).matches("(?s).*\n" + Pattern.quote(file("unknown-type.yaml")) + ": component mystery: "
        + "spec.type: state.nope \\(expected one of: [a-z0-9., -]*state\\.in-memory[a-z0-9., -]*\\)");
    assertThat(errors).doesNotContain(file("good.yaml"), file("scoped.yaml"));
  }
}
