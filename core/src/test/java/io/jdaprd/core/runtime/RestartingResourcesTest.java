package io.jdaprd.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.core.component.LoadProblem;
import io.jdaprd.core.invoke.endpoints.HttpEndpoint;
import io.jdaprd.core.resiliency.ResiliencySpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestartingResourcesTest {
  private final List<String> asked = new ArrayList<>();

  private static Resources with(List<HttpEndpoint> endpoints, List<ResiliencySpec> resiliency) {
    return new Resources(List.of(), List.of(), List.of(), endpoints, resiliency);
  }

  private static HttpEndpoint endpoint(String url) {
    return new HttpEndpoint("ext", url, List.of(), null, Path.of("ext.yaml"));
  }

  /** A spec whose breaker carries a compiled trip expression, a new object at every read. */
  private static ResiliencySpec resiliency(long maxRequests) {
    return new ResiliencySpec("policies", List.of(), Map.of("short", Duration.ofSeconds(1)), Map.of(),
        Map.of("cb", new ResiliencySpec.BreakerSpec(maxRequests, Duration.ZERO, Duration.ofSeconds(5),
            "consecutiveFailures > 2", counts -> true)), Map.of(), Map.of(), Map.of());
  }

  @Test
  void theSameResourcesReadAgainAskForNothing() {
    RestartingResources watch = new RestartingResources(with(List.of(endpoint("http://a")), List.of(resiliency(1))),
        asked::add);
    watch.check(with(List.of(endpoint("http://a")), List.of(resiliency(1))), true);
    assertThat(asked).isEmpty();
  }

  @Test
  void aChangedEndpointAsksForOneRestart() {
    RestartingResources watch = new RestartingResources(with(List.of(endpoint("http://a")), List.of()), asked::add);
    watch.check(with(List.of(endpoint("http://b")), List.of()), true);
    watch.check(with(List.of(), List.of()), true);
    assertThat(asked).containsExactly("HTTPEndpoint resources");
  }

  @Test
  void aChangedOrRemovedResiliencyAsksForARestart() {
    RestartingResources changed = new RestartingResources(with(List.of(), List.of(resiliency(1))), asked::add);
    changed.check(with(List.of(), List.of(resiliency(2))), true);
    RestartingResources removed = new RestartingResources(with(List.of(), List.of(resiliency(1))), asked::add);
    removed.check(with(List.of(), List.of()), true);
    assertThat(asked).containsExactly("Resiliency resources", "Resiliency resources");
  }

  private static Resources withConfigurations(String... names) {
    return new Resources(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(names));
  }

  @Test
  void aConfigurationDocumentAsksForARestartAtTheNextFileChangeOnly() {
    RestartingResources watch = new RestartingResources(withConfigurations("appconfig"), asked::add);
    watch.check(withConfigurations("appconfig"), false);
    assertThat(asked).as("the scheduled pass, as daprd's SIGHUP reconcilers run none").isEmpty();
    watch.check(withConfigurations("appconfig"), true);
    watch.check(withConfigurations("appconfig"), true);
    assertThat(asked).containsExactly("Configuration resources");
  }

  @Test
  void fileChangesWithoutAConfigurationDocumentAskForNothing() {
    RestartingResources watch = new RestartingResources(withConfigurations("appconfig"), asked::add);
    watch.check(withConfigurations(), true);
    assertThat(asked).as("a removed document: daprd's store never held it").isEmpty();
  }

  @Test
  void aFileThatNoLongerReadsAsksForNothing() {
    RestartingResources watch = new RestartingResources(with(List.of(endpoint("http://a")), List.of()), asked::add);
    watch.check(new Resources(List.of(), List.of(), List.of(new LoadProblem(Path.of("broken.yaml"), null, "bad yaml", false)),
        List.of(), List.of()), true);
    assertThat(asked).isEmpty();
  }
}
