package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dapr.client.DaprClient;
import io.dapr.client.DaprClientBuilder;
import io.dapr.client.domain.ConfigurationItem;
import io.dapr.client.domain.SubscribeConfigurationResponse;
import io.dapr.client.domain.UnsubscribeConfigurationRequest;
import io.dapr.client.domain.UnsubscribeConfigurationResponse;
import io.dapr.config.Properties;
import io.dapr.exceptions.DaprException;
import io.jdaprd.components.redis.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/**
 * The official Java SDK 1.17.1, unmodified, on configuration against a sidecar whose {@code cfg} is a private
 * Redis: {@code getConfiguration}, {@code subscribeConfiguration} (the first element carries the id and no items,
 * then the updates), {@code unsubscribeConfiguration}, and the errors as the SDK surfaces them.
 */
class JavaSdkConfigurationTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static RedisServer redis;
  private static SidecarProcess sidecar;
  private static DaprClient client;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisServer.start();
    Path resources = Files.createTempDirectory(Locations.targetDir(), "sdk-config-resources");
    Files.writeString(resources.resolve("cfg.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: cfg
        spec:
          type: configuration.redis
          version: v1
          metadata:
          - name: redisHost
            value: "127.0.0.1:%d"
        """.formatted(redis.port()));
    sidecar = SidecarProcess.withAppId("it-java-sdk-config").resources(resources).start();
    client = new DaprClientBuilder()
        .withPropertyOverride(Properties.SIDECAR_IP, "127.0.0.1")
        .withPropertyOverride(Properties.HTTP_PORT, String.valueOf(sidecar.httpPort()))
        .withPropertyOverride(Properties.GRPC_PORT, String.valueOf(sidecar.grpcPort()))
        .build();
  }

  @AfterAll
  static void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (sidecar != null) {
      sidecar.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  private static void set(String key, String value) {
    RedisWrites.set(redis, key, value);
  }

  @Test
  void getConfiguration() {
    set("sdk-a", "alpha||1");
    set("sdk-b", "beta||2");
    Map<String, ConfigurationItem> items = client.getConfiguration("cfg", "sdk-a", "sdk-b", "sdk-none")
        .block(TIMEOUT);
    assertThat(items).containsOnlyKeys("sdk-a", "sdk-b");
    assertThat(items.get("sdk-a").getValue()).isEqualTo("alpha");
    assertThat(items.get("sdk-b").getVersion()).isEqualTo("2");
    ConfigurationItem one = client.getConfiguration("cfg", "sdk-a").block(TIMEOUT);
    assertThat(one.getKey()).isEqualTo("sdk-a");
    assertThat(one.getValue()).isEqualTo("alpha");
  }

  @Test
  void errorsAsTheSdkSeesThem() {
    DaprException e = catchThrowableOfType(DaprException.class,
        () -> client.getConfiguration("nope", "k").block(TIMEOUT));
    assertThat(e).isNotNull();
    assertThat(e.getErrorCode()).isEqualTo("INVALID_ARGUMENT");
    assertThat(e.getMessage()).isEqualTo("INVALID_ARGUMENT: configuration store nope not found");
    UnsubscribeConfigurationResponse unknown = client.unsubscribeConfiguration(
        new UnsubscribeConfigurationRequest("not-an-id", "cfg")).block(TIMEOUT);
    assertThat(unknown.getIsUnsubscribed()).isFalse();
    assertThat(unknown.getMessage())
        .isEqualTo("failed to unsubscribe to configuration request not-an-id: subscription does not exist");
  }

  @Test
  void subscribeReceivesUpdatesUntilUnsubscribed() throws Exception {
    List<SubscribeConfigurationResponse> got = new CopyOnWriteArrayList<>();
    Disposable stream = client.subscribeConfiguration("cfg", "sdk-watched").subscribe(got::add);
    try {
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (got.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(got).hasSize(1);
      String id = got.getFirst().getSubscriptionId();
      assertThat(got.getFirst().getItems()).isEmpty();
      set("sdk-watched", "on||9");
      while (got.size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(got.get(1).getSubscriptionId()).isEqualTo(id);
      assertThat(got.get(1).getItems().get("sdk-watched").getValue()).isEqualTo("on");
      assertThat(got.get(1).getItems().get("sdk-watched").getVersion()).isEqualTo("9");
      UnsubscribeConfigurationResponse done = client.unsubscribeConfiguration(id, "cfg").block(TIMEOUT);
      assertThat(done.getIsUnsubscribed()).isTrue();
    } finally {
      stream.dispose();
    }
  }
}
