package io.jdaprd.bench.embedded;

import io.dapr.client.DaprClient;
import io.dapr.client.DaprClientBuilder;
import io.dapr.config.Properties;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;

/**
 * {@link OrdersTests} against a {@code jdaprd} process that {@code EmbeddedScenario} started (system properties
 * {@code bench.dapr.http}, {@code bench.dapr.grpc}: its ports; {@code bench.app.port}: the app port it was given):
 * time is real, so a reminder tick takes its real period (1 s).
 */
class ProcessOrdersTests extends OrdersTests {
  static final BenchApp APP = BenchApp.start(Integer.getInteger("bench.app.port", 0));
  private static final String HTTP = "http://127.0.0.1:" + System.getProperty("bench.dapr.http");
  private static final DaprClient CLIENT = new DaprClientBuilder()
      .withPropertyOverride(Properties.HTTP_ENDPOINT, HTTP)
      .withPropertyOverride(Properties.GRPC_ENDPOINT, "127.0.0.1:" + System.getProperty("bench.dapr.grpc")).build();

  @Override
  String httpEndpoint() {
    return HTTP;
  }

  @Override
  DaprClient client() {
    return CLIENT;
  }

  @Override
  BenchApp app() {
    return APP;
  }

  @Override
  Duration period() {
    return Duration.ofSeconds(1);
  }

  @Override
  void pass(Duration d) throws InterruptedException {
    Thread.sleep(d);
  }

  @AfterAll
  static void close() throws Exception {
    CLIENT.close();
    APP.stop();
  }
}
