package io.jdaprd.embedded.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.dapr.client.DaprClient;
import io.dapr.client.DaprClientBuilder;
import io.dapr.config.Properties;
import io.jdaprd.embedded.JdaprdSidecar;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** The Spring initializer: properties point at a running sidecar, which stops with the context. */
class JdaprdContextInitializerTest {
  @Test
  void theSdkPropertiesPointAtTheEmbeddedSidecarUntilTheContextCloses() throws Exception {
    GenericApplicationContext context = new GenericApplicationContext();
    context.getEnvironment().getPropertySources()
        .addFirst(new MapPropertySource("test", Map.of("spring.application.name", "spring-app")));
    new JdaprdContextInitializer().initialize(context);
    context.refresh();
    JdaprdSidecar sidecar = context.getBean(JdaprdSidecar.class);
    String http = context.getEnvironment().getProperty("dapr.http.endpoint");
    String grpc = context.getEnvironment().getProperty("dapr.grpc.endpoint");
    assertThat(sidecar.getAppName()).isEqualTo("spring-app");
    assertThat(http).isEqualTo("http://127.0.0.1:" + sidecar.getHttpPort());
    assertThat(context.getEnvironment().getProperty("dapr.client.grpc-port", Integer.class))
        .isEqualTo(sidecar.getGrpcPort());
    try (DaprClient client = new DaprClientBuilder().withPropertyOverride(Properties.HTTP_ENDPOINT, http)
        .withPropertyOverride(Properties.GRPC_ENDPOINT, grpc).build()) {
      client.saveState("statestore", "k", "v").block();
    }
    assertThat(sidecar.state("statestore").get("k", String.class)).hasValue("v");
    context.close();
    assertThat(portAnswers(sidecar.getHttpPort())).isFalse();
  }

  private static boolean portAnswers(int port) {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
