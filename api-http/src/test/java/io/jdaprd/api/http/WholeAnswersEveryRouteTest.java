package io.jdaprd.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.server.Route;
import com.linecorp.armeria.server.RoutePathType;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceConfig;
import io.jdaprd.core.component.ComponentTypes;
import io.jdaprd.core.health.HealthBlock;
import io.jdaprd.core.runtime.ApiSettings;
import io.jdaprd.core.runtime.Resources;
import io.jdaprd.core.runtime.Runtime;
import io.jdaprd.core.runtime.RuntimeOptions;
import io.jdaprd.errors.ErrorRendering;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every route of the HTTP API, read from the server's own route table, declares its answers whole (Armeria writes
 * headers and body in one flush) except the two whose answers stream: invocation (the catch-all {@code /} route,
 * which also serves the {@code dapr-app-id} header form) and the crypto encrypt/decrypt route. A route added later
 * without the declaration fails here.
 */
class WholeAnswersEveryRouteTest {
  private static Runtime runtime;
  private static Server server;

  @BeforeAll
  static void start() {
    runtime = Runtime.assemble(RuntimeOptions.of("myapp", "1.0.0-test").withApiServers(
        List.of(HealthBlock.HTTP_SERVER)), new ComponentTypes(), Resources.of(List.of()), null, () -> { });
    ServerBuilder sb = Server.builder().http(0).gracefulShutdownTimeoutMillis(0, 0);
    DaprHttpApi.addTo(sb, runtime.blocks(), new ApiSettings(ErrorRendering.DAPR, null, 1024 * 1024));
    server = sb.build();
  }

  @AfterAll
  static void stop() {
    runtime.close();
  }

  @Test
  void onlyInvocationAndCryptoStreamTheirAnswers() {
    List<ServiceConfig> configs = server.serviceConfigs();
    assertThat(configs).hasSizeGreaterThan(30);
    for (ServiceConfig config : configs) {
      Route route = config.route();
      boolean streams = config.service().exchangeType(null).isResponseStreaming();
      assertThat(streams).as("answers of %s streamed", route.patternString()).isEqualTo(streamed(route));
    }
  }

  @Test
  void theStreamingRoutesAreInTheTable() {
    assertThat(server.serviceConfigs().stream().map(ServiceConfig::route).filter(WholeAnswersEveryRouteTest::streamed))
        .hasSize(2);
  }

  private static boolean streamed(Route route) {
    return route.pathType() == RoutePathType.PREFIX && route.patternString().equals("/*")
        || route.patternString().contains("(encrypt|decrypt)");
  }
}
