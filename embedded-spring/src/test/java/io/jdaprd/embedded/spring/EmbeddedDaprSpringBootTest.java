package io.jdaprd.embedded.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.dapr.client.DaprClient;
import io.dapr.client.DaprClientBuilder;
import io.dapr.client.DaprPreviewClient;
import io.dapr.config.Properties;
import io.jdaprd.embedded.JdaprdSidecar;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * A real Spring Boot test context with {@link EmbeddedDapr}: the auto-configured {@link DaprClient} (the official
 * Java SDK) reaches the embedded sidecar, the app's own client built from the Spring properties does too, and what
 * they did is read back through the sidecar bean.
 */
@SpringBootTest(classes = EmbeddedDaprSpringBootTest.App.class, properties = "spring.application.name=spring-orders")
@EmbeddedDapr
class EmbeddedDaprSpringBootTest {
  /** An app whose own bean builds its client from the properties, as the Dapr docs show. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {
    @Bean
    OrderStore orderStore(@Value("${dapr.http.endpoint}") String http, @Value("${dapr.grpc.endpoint}") String grpc) {
      return new OrderStore(new DaprClientBuilder().withPropertyOverride(Properties.HTTP_ENDPOINT, http)
          .withPropertyOverride(Properties.GRPC_ENDPOINT, grpc).build());
    }
  }

  /** The app's code under test. */
  record OrderStore(DaprClient client) implements AutoCloseable {
    void save(String id, String item) {
      client.saveState("statestore", "order-" + id, Map.of("item", item)).block();
    }

    @Override
    public void close() throws Exception {
      client.close();
    }
  }

  @Autowired
  JdaprdSidecar sidecar;
  @Autowired
  DaprClient client;
  @Autowired
  DaprPreviewClient previewClient;
  @Autowired
  OrderStore store;
  @Autowired
  Environment env;

  @Test
  void theSdkPropertiesAndClientsPointAtTheEmbeddedSidecar() {
    assertThat(sidecar.getAppName()).isEqualTo("spring-orders");
    assertThat(env.getProperty("dapr.grpc.endpoint")).isEqualTo("127.0.0.1:" + sidecar.getGrpcPort());
    assertThat(env.getProperty("dapr.client.http-endpoint")).isEqualTo(sidecar.getHttpEndpoint());
    assertThat(env.getProperty("dapr.http.port", Integer.class)).isEqualTo(sidecar.getHttpPort());
    assertThat(System.getProperty("dapr.grpc.endpoint")).as("system properties only when asked").isNull();
    assertThat(sidecar.clock().controlled()).isTrue();
    assertThat(previewClient).isNotNull();
  }

  @Test
  void stateAndEventsGoThroughTheSidecar() {
    store.save("1", "book");
    client.publishEvent("pubsub", "orders", Map.of("id", "1")).block();
    assertThat(sidecar.state("statestore").get("order-1", Map.class).orElseThrow()).containsEntry("item", "book");
    assertThat(sidecar.published("pubsub", "orders").await(Duration.ofSeconds(2)).payload(Map.class))
        .containsEntry("id", "1");
    assertThat(client.getState("statestore", "order-1", Map.class).block().getValue()).containsEntry("item", "book");
  }
}
