package io.jdaprd.spi.testkit.pubsub;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.pubsub.MessageHandler;
import io.jdaprd.spi.pubsub.PubSub;
import io.jdaprd.spi.pubsub.PubSubException;
import io.jdaprd.spi.pubsub.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.opentest4j.TestAbortedException;

/**
 * The conformance suite of the pub/sub SPI: what Dapr promises about brokers, checked against a real one. A broker
 * component's test extends this class and says how to make the client and what metadata its broker needs; the
 * suite initializes a fresh client for every check, gives each check its own random topics and consumer ids (so
 * checks never see each other's messages), and closes subscriptions and clients afterwards. Checks of features the
 * broker does not report ({@code DURABLE}, {@code MESSAGE_TTL}) are skipped, and so are the restart checks when the
 * test does not override {@link #restartBroker()}.
 *
 * <pre>{@code
 * class MyBrokerTest extends PubSubConformance {
 *   protected PubSub createPubSub(ComponentMetadata metadata) { return new MyBroker(); }
 *   protected Map<String, String> pubSubMetadata() { return Map.of("host", "localhost:1234"); }
 *   protected String pubSubType() { return "pubsub.mine"; }
 * }
 * }</pre>
 */
public abstract class PubSubConformance
    implements PubSubDeliveryChecks, PubSubAcknowledgementChecks, PubSubDurabilityChecks {

  /** The component name the suite gives every client. */
  public static final String COMPONENT_NAME = "conformance";
  /** The app id the suite runs as (the default consumer id when a subscription names none). */
  public static final String APP_ID = "testapp";

  private final List<Subscription> subscriptions = new ArrayList<>();
  private final List<PubSub> opened = new ArrayList<>();
  private PubSub pubSub;
  private String uniquePart;

  /**
   * A new, uninitialized broker client; the suite calls {@code init} itself.
   *
   * @param metadata the metadata the suite will initialize it with
   */
  protected abstract PubSub createPubSub(ComponentMetadata metadata) throws Exception;

  /**
   * The metadata properties the broker needs: its address, and short redelivery and acknowledgement timings so that
   * an unacknowledged message is delivered again within seconds ({@link #redeliveryTimeout()}).
   */
  protected abstract Map<String, String> pubSubMetadata();

  /** The component type, for example {@code pubsub.redis}. */
  protected abstract String pubSubType();

  /**
   * Stops the broker and starts it again on the same address, keeping its data, and returns once it accepts
   * connections. The default throws {@link TestAbortedException}, which skips the restart checks.
   */
  protected void restartBroker() throws Exception {
    throw new TestAbortedException(getClass().getSimpleName() + " cannot restart its broker (restartBroker() is not"
        + " overridden); the restart checks are skipped");
  }

  /**
   * How long, with {@link #pubSubMetadata()}, the broker may take to deliver an unacknowledged message again.
   * The default is 15 seconds.
   */
  protected Duration redeliveryTimeout() {
    return Duration.ofSeconds(15);
  }

  /** The metadata the suite initializes clients with: name, type, version {@code v1}, app id, properties. */
  protected ComponentMetadata componentMetadata() {
    return new ComponentMetadata(COMPONENT_NAME, pubSubType(), "v1", APP_ID, pubSubMetadata());
  }

  /**
   * Creates and initializes another client with {@link #componentMetadata()}; the suite closes it after the test.
   * Useful for checks across instances, as two sidecars of one app would be.
   */
  protected final PubSub openPubSub() throws Exception {
    ComponentMetadata metadata = componentMetadata();
    PubSub created = createPubSub(metadata);
    opened.add(created);
    created.init(metadata);
    return created;
  }

  @BeforeEach
  protected final void openPubSubUnderTest() throws Exception {
    uniquePart = UUID.randomUUID().toString().substring(0, 8);
    pubSub = openPubSub();
  }

  @AfterEach
  protected final void closeSubscriptionsAndClients() {
    RuntimeException failure = null;
    List<AutoCloseable> closing = new ArrayList<>(subscriptions);
    closing.addAll(opened);
    subscriptions.clear();
    opened.clear();
    for (int i = closing.size() - 1; i >= 0; i--) {
      try {
        closing.get(i).close();
      } catch (Exception e) {
        RuntimeException wrapped = e instanceof RuntimeException r ? r : new IllegalStateException(e);
        if (failure == null) {
          failure = wrapped;
        } else {
          failure.addSuppressed(wrapped);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public final PubSub pubSub() {
    return pubSub;
  }

  @Override
  public final String topic(String name) {
    return "conformance-" + uniquePart + "-" + name;
  }

  @Override
  public final String consumerId(String name) {
    return "consumer-" + uniquePart + "-" + name;
  }

  @Override
  public final Subscription subscribe(String topic, String consumerId, MessageHandler handler)
      throws PubSubException {
    Subscription subscription = pubSub.subscribe(subscribeRequest(topic, consumerId), handler);
    subscriptions.add(subscription);
    return subscription;
  }

  @Override
  public final Duration redeliveryWait() {
    return redeliveryTimeout();
  }

  @Override
  public final void restartBrokerKeepingData() throws Exception {
    restartBroker();
  }
}
