package io.jdaprd.core.appchannel;

import io.jdaprd.core.invoke.AppInvoker;
import io.jdaprd.core.apphealth.ProbeResult;
import io.jdaprd.core.bindings.BindingApp;
import io.jdaprd.core.pubsub.delivery.BulkEventReply;
import io.jdaprd.core.pubsub.delivery.BulkTopicEventDelivery;
import io.jdaprd.core.pubsub.delivery.EventReply;
import io.jdaprd.core.pubsub.delivery.EventTarget;
import io.jdaprd.core.pubsub.delivery.TopicEventDelivery;
import io.jdaprd.core.pubsub.routing.TopicSubscription;
import java.time.Duration;
import java.util.List;

/**
 * Calls into the application. Thread-safe; every method blocks (call it from a virtual thread) and honours
 * {@code --app-max-concurrency}. As the {@link EventTarget} of the app's subscriptions, its delivery methods never
 * throw: a failure to reach the app is a {@code RETRY} reply with the reason. As the {@link AppInvoker} of service
 * invocation, it calls the app's methods. As the {@link BindingApp} of input bindings, it delivers their events.
 */
public interface AppChannel extends EventTarget, AppInvoker, BindingApp, AutoCloseable {

  /**
   * Waits until the app accepts connections on its port.
   *
   * @return whether it did within {@code timeout}
   */
  boolean awaitReady(Duration timeout) throws InterruptedException;

  /**
   * The app's programmatic subscriptions: HTTP {@code GET /dapr/subscribe} (404 means none), gRPC
   * {@code ListTopicSubscriptions} ({@code Unimplemented} means none). Entries without any route are left out.
   *
   * @throws AppChannelException when the app cannot be asked or answers something that does not parse
   */
  List<TopicSubscription> topicSubscriptions() throws AppChannelException;

  /**
   * One app health probe, as daprd's: HTTP {@code GET} of the health check path, healthy on any 2xx; gRPC
   * {@code AppCallbackHealthCheck.HealthCheck}, healthy when it answers OK. Like daprd's, the probe carries no
   * {@code APP_API_TOKEN} and takes no {@code --app-max-concurrency} slot. Never throws: a failure to reach the app
   * is an unhealthy result with the reason.
   *
   * @param timeout how long the probe may take
   */
  ProbeResult probeHealth(Duration timeout) throws InterruptedException;

  /** Delivers one event: HTTP {@code POST /<path>}, gRPC {@code OnTopicEvent}. */
  @Override
  EventReply deliver(TopicEventDelivery event);

  /** Delivers a batch: HTTP {@code POST /<path>} with the bulk body, gRPC {@code OnBulkTopicEvent}. */
  @Override
  BulkEventReply deliverBulk(BulkTopicEventDelivery batch);

  /** Releases connections. */
  @Override
  void close();
}
