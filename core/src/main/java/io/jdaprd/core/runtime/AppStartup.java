package io.jdaprd.core.runtime;

import io.jdaprd.core.appchannel.AppChannel;
import io.jdaprd.core.appchannel.AppChannelException;
import io.jdaprd.core.apphealth.AppHealth;
import io.jdaprd.core.health.Readiness;
import io.jdaprd.core.metadata.MetadataView;
import io.jdaprd.core.pubsub.delivery.Subscriptions;
import io.jdaprd.core.pubsub.routing.TopicSubscription;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens once the API servers listen and the app has a port: wait for the app to accept connections, ask it
 * for its subscriptions ({@code GET /dapr/subscribe} / {@code ListTopicSubscriptions}, three tries; unless
 * {@code --disable-init-endpoints subscribe}), start them with the declarative ones, and only then report the
 * {@code subscriptions} readiness target, which holds {@code /v1.0/healthz} at 500 until then. The target is
 * registered by the assembly, before any API server listens, so that no {@code healthz} answers 204 before the
 * subscriptions run.
 *
 * <p>With app health checks, as in daprd, the probes start once the app accepts connections, and the subscriptions
 * are read and started only when the app turns healthy; each time it turns unhealthy they are paused, and resumed
 * when it is healthy again. The readiness target is reported once the first probe has answered: after the
 * subscriptions started when the app was healthy, at once when it was not (daprd's {@code healthz} does not wait for
 * the app's health either).
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
   * @param health the app health checks, {@code null} when off; started here
   */
  static Thread start(MetadataView.AppConnection app, boolean subscribeEndpoint, AppChannel channel,
      Subscriptions subscriptions, List<TopicSubscription> declarative, Readiness inbound, AppHealth health) {
    return Thread.ofVirtual().name("app-startup").start(() -> {
      try {
        while (!channel.awaitReady(Duration.ofSeconds(5))) {
          LOG.info("waiting for the app on {}:{}", app.channelAddress(), app.port());
        }
        LOG.info("app is listening on {}:{} ({})", app.channelAddress(), app.port(), app.protocol());
        if (health == null) {
          startSubscriptions(subscribeEndpoint, channel, subscriptions, declarative);
        } else {
          FollowHealth follow = new FollowHealth(subscribeEndpoint, channel, subscriptions, declarative);
          health.addListener(follow);
          health.start();
          while (!health.awaitFirstProbe(Duration.ofSeconds(5))) {
            LOG.info("waiting for the first app health probe");
          }
          if (health.isHealthy()) {
            follow.firstStart.await();
          }
        }
        inbound.ready(SUBSCRIPTIONS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  private static void startSubscriptions(boolean subscribeEndpoint, AppChannel channel, Subscriptions subscriptions,
      List<TopicSubscription> declarative) throws InterruptedException {
    List<TopicSubscription> programmatic = subscribeEndpoint ? discover(channel) : List.of();
    subscriptions.start(Subscriptions.merge(declarative, programmatic), channel);
  }

  /** Starts the app's subscriptions the first time the app is healthy, pauses and resumes them after. */
  private static final class FollowHealth implements AppHealth.Listener {
    final CountDownLatch firstStart = new CountDownLatch(1);
    private final boolean subscribeEndpoint;
    private final AppChannel channel;
    private final Subscriptions subscriptions;
    private final List<TopicSubscription> declarative;

    FollowHealth(boolean subscribeEndpoint, AppChannel channel, Subscriptions subscriptions,
        List<TopicSubscription> declarative) {
      this.subscribeEndpoint = subscribeEndpoint;
      this.channel = channel;
      this.subscriptions = subscriptions;
      this.declarative = declarative;
    }

    @Override
    public void changed(boolean healthy, String reason) {
      if (!healthy) {
        subscriptions.pauseApp();
        return;
      }
      if (firstStart.getCount() == 0) {
        subscriptions.resumeApp();
        return;
      }
      try {
        startSubscriptions(subscribeEndpoint, channel, subscriptions, declarative);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        firstStart.countDown();
      }
    }
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
