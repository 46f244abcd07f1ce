package io.jdaprd.core.runtime;

import io.jdaprd.core.appchannel.AppChannel;
import io.jdaprd.core.appchannel.AppChannelException;
import io.jdaprd.core.health.Readiness;
import io.jdaprd.core.metadata.MetadataView;
import io.jdaprd.core.pubsub.delivery.Subscriptions;
import io.jdaprd.core.pubsub.routing.TopicSubscription;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens once the API servers listen and the app has a port: wait for the app to accept connections, ask it
 * for its subscriptions ({@code GET /dapr/subscribe} / {@code ListTopicSubscriptions}, three tries; unless
 * {@code --disable-init-endpoints subscribe}), start them with the declarative ones, and only then report the
 * {@code subscriptions} readiness target, which holds {@code /v1.0/healthz} at 500 until then. The target is
 * registered by the assembly, before any API server listens, so that no {@code healthz} answers 204 before the
 * subscriptions run.
 */
final class AppStartup {
  /** The readiness target this startup holds. */
  static final String SUBSCRIPTIONS = "subscriptions";

  private static final Logger LOG = LoggerFactory.getLogger(AppStartup.class);
  private static final int DISCOVERY_ATTEMPTS = 3;

  private AppStartup() {
  }

  /**
   * Starts the work on a virtual thread; returns at once.
   *
   * @param inbound the readiness that already holds the {@link #SUBSCRIPTIONS} target
   */
  static Thread start(MetadataView.AppConnection app, boolean subscribeEndpoint, AppChannel channel,
      Subscriptions subscriptions, List<TopicSubscription> declarative, Readiness inbound) {
    return Thread.ofVirtual().name("app-startup").start(() -> {
      try {
        while (!channel.awaitReady(Duration.ofSeconds(5))) {
          LOG.info("waiting for the app on {}:{}", app.channelAddress(), app.port());
        }
        LOG.info("app is listening on {}:{} ({})", app.channelAddress(), app.port(), app.protocol());
        List<TopicSubscription> programmatic = subscribeEndpoint ? discover(channel) : List.of();
        subscriptions.start(Subscriptions.merge(declarative, programmatic), channel);
        inbound.ready(SUBSCRIPTIONS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  private static List<TopicSubscription> discover(AppChannel channel) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return channel.topicSubscriptions();
      } catch (AppChannelException e) {
        if (attempt >= DISCOVERY_ATTEMPTS) {
          LOG.error("the app's subscriptions could not be read, so none are used: {}", e.getMessage());
          return List.of();
        }
        LOG.warn("reading the app's subscriptions failed (attempt {} of {}): {}", attempt, DISCOVERY_ATTEMPTS,
            e.getMessage());
        Thread.sleep(500L * attempt);
      }
    }
  }
}
