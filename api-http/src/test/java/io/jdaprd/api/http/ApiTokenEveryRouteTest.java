package io.jdaprd.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.Route;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceConfig;
import io.jdaprd.api.http.health.HealthRoutes;
import io.jdaprd.core.component.ComponentTypes;
import io.jdaprd.core.health.HealthBlock;
import io.jdaprd.core.runtime.ApiSettings;
import io.jdaprd.core.runtime.Resources;
import io.jdaprd.core.runtime.Runtime;
import io.jdaprd.core.runtime.RuntimeOptions;
import io.jdaprd.errors.ErrorRendering;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * With {@code DAPR_API_TOKEN} set, every route of the HTTP API and every method it takes, read from the server's own
 * route table rather than a hand-kept list, refuses a request without the token (daprd's plain-text 401), except the
 * two health routes: a route added later without the check fails here.
 */
class ApiTokenEveryRouteTest {
  private static Runtime runtime;
  private static Server server;
  private static WebClient client;

  /** One concrete request per route and method. */
  record Call(HttpMethod method, String path) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  @BeforeAll
  static void start() {
    runtime = Runtime.assemble(RuntimeOptions.of("myapp", "1.0.0-test").withApiServers(
        List.of(HealthBlock.HTTP_SERVER)), new ComponentTypes(), Resources.of(List.of()), null, () -> { });
    ServerBuilder sb = Server.builder().http(0).gracefulShutdownTimeoutMillis(0, 0);
    DaprHttpApi.addTo(sb, runtime.blocks(), new ApiSettings(ErrorRendering.DAPR, "s3cret", 1024 * 1024));
    server = sb.build();
    server.start().join();
    runtime.apiServerStarted(HealthBlock.HTTP_SERVER);
    client = WebClient.of("http://127.0.0.1:" + server.activeLocalPort());
  }

  @AfterAll
  static void stop() {
    server.stop();
    runtime.close();
  }

  /** Every route and method of the running server (JUnit asks for these after {@link #start()}). */
  static Stream<Call> calls() {
    List<Call> calls = new ArrayList<>();
    for (ServiceConfig config : server.serviceConfigs()) {
      Route route = config.route();
      for (HttpMethod method : route.methods()) {
        if (method != HttpMethod.CONNECT && method != HttpMethod.UNKNOWN) {
          calls.add(new Call(method, concretePath(route)));
        }
      }
    }
    return calls.stream().distinct();
  }

  /** A path the route matches: each parameter and the prefix's tail filled with {@code x}. */
  private static String concretePath(Route route) {
    String pattern = route.patternString();
    return switch (route.pathType()) {
      case EXACT -> pattern;
      case PREFIX -> (pattern.endsWith("*") ? pattern.substring(0, pattern.length() - 1) : pattern) + "x";
      case PARAMETERIZED -> pattern.replaceAll("\\{[^}]+}", "x").replaceAll(":[A-Za-z0-9_]+", "x");
      case REGEX -> regexPath(pattern);
      default -> throw new IllegalStateException("no concrete path for route " + route + " (" + route.pathType()
          + "): teach this test how to build one");
    };
  }

  /**
   * A path a simple anchored route regex matches: each {@code [^/]*} or {@code [^/]+} becomes {@code x}, each
   * alternation group its first branch, escaped dots dots. Anything else is refused so that the test is taught it.
   */
  private static String regexPath(String regex) {
    String path = regex.replaceAll("^\\^|\\$$", "").replace("[^/]*", "x").replace("[^/]+", "x")
        .replaceAll("\\(([^|()]+)(\\|[^()]*)?\\)", "$1").replace("\\.", ".");
    if (!path.matches("[A-Za-z0-9./_-]+") || !java.util.regex.Pattern.matches(regex, path)) {
      throw new IllegalStateException("no concrete path for route regex " + regex + ": teach this test");
    }
    return path;
  }

  @Test
  void theRouteTableIsRead() {
    List<Call> all = calls().toList();
    assertThat(all).hasSizeGreaterThan(40);
    assertThat(all).contains(new Call(HttpMethod.GET, "/v1.0/state/x/x"), new Call(HttpMethod.POST,
        "/v1.0/publish/x"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("calls")
  void refusedWithoutTheTokenExceptHealth(Call call) {
    AggregatedHttpResponse r = client.execute(RequestHeaders.of(call.method(), call.path())).aggregate().join();

    if (HealthRoutes.PATHS.contains(call.path())) {
      assertThat(r.status().code()).isNotEqualTo(401);
    } else {
      assertThat(r.status().code()).isEqualTo(401);
      if (call.method() != HttpMethod.HEAD) {
        assertThat(r.contentUtf8()).isEqualTo("invalid api token\n");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("calls")
  void refusedWithAWrongToken(Call call) {
    AggregatedHttpResponse r = client.execute(RequestHeaders.builder(call.method(), call.path())
        .add(ApiSettings.TOKEN_HEADER, "s3cre").build()).aggregate().join();

    if (!HealthRoutes.PATHS.contains(call.path())) {
      assertThat(r.status().code()).isEqualTo(401);
    }
  }
}
