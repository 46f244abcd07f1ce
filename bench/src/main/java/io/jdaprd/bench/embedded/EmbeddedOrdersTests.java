package io.jdaprd.bench.embedded;

import io.dapr.client.DaprClient;
import io.jdaprd.embedded.JdaprdExtension;
import io.jdaprd.embedded.JdaprdSidecar;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link OrdersTests} against an embedded sidecar (the JUnit extension, one for the class) on a controlled clock. */
class EmbeddedOrdersTests extends OrdersTests {
  static final BenchApp APP = BenchApp.start(0);

  @RegisterExtension
  static final JdaprdExtension DAPR = new JdaprdExtension(JdaprdSidecar.builder().withAppName("bench-orders")
      .withAppPort(APP.port()).withControlledClock());

  private static DaprClient client;

  @Override
  String httpEndpoint() {
    return DAPR.sidecar().getHttpEndpoint();
  }

  @Override
  synchronized DaprClient client() {
    if (client == null) {
      client = DAPR.sidecar().newClient();
    }
    return client;
  }

  @Override
  BenchApp app() {
    return APP;
  }

  @Override
  Duration period() {
    return Duration.ofDays(1);
  }

  @Override
  void pass(Duration d) {
    DAPR.sidecar().clock().advance(d);
  }

  @AfterAll
  static void close() throws Exception {
    if (client != null) {
      client.close();
      client = null;
    }
    APP.stop();
  }
}
