package io.jdaprd.core.pubsub.delivery;

import io.jdaprd.core.metrics.Metrics;
import io.jdaprd.core.pubsub.CloudEvents;
import io.jdaprd.core.pubsub.DeadLetters;
import io.jdaprd.core.pubsub.PubSubs;
import io.jdaprd.core.pubsub.routing.RouteMatcher;
import io.jdaprd.core.pubsub.routing.TopicSubscription;
import io.jdaprd.errors.factories.PubSubErrors;
import io.jdaprd.spi.pubsub.MessageHandler;
import io.jdaprd.spi.pubsub.PubSubException;
import io.jdaprd.spi.pubsub.SubscribeRequest;
import io.jdaprd.spi.pubsub.Subscription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscriptions this sidecar runs: the app's (declarative and programmatic, the programmatic one replacing a
 * declarative one for the same pub/sub and topic) and the streaming ones opened by gRPC clients. A subscription the
 * topic scopes deny, or whose pub/sub is unknown or whose rules do not compile, is not created; the reason is
 * logged and listed by {@link #problems()}.
 *
 * <p>The app's subscriptions can be paused while the app is unhealthy ({@link #pauseApp()}: the broker
 * subscriptions are closed, the deliveries in flight finish and their retries stop) and resumed once it is healthy
 * again ({@link #resumeApp()}: the same subscriptions are opened anew), as daprd stops and restarts them on its app
 * health checks. Streaming subscriptions are not paused.
 */
public final class Subscriptions implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Subscriptions.class);

  private final PubSubs pubsubs;
  private final DeadLetters deadLetters;
  private final DeliveryPolicies policies;
  private final CloudEvents cloudEvents = CloudEvents.systemDefault();
  private final List<Active> active = new CopyOnWriteArrayList<>();
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private final List<Stream> streams = new ArrayList<>();
  private List<TopicSubscription> reloadedDeclarative;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Metrics metrics;
  private final Object appLock = new Object();
  private List<TopicSubscription> appSubscriptions = List.of();
  private EventTarget appTarget;
  private boolean appPaused;
  private List<TopicSubscription> pausedSpecs = List.of();

  /**
   * @param pubsubs the pub/sub components
   * @param deadLetters how dead-lettered messages are published
   * @param policies the policies deliveries run under
   */
  public Subscriptions(PubSubs pubsubs, DeadLetters deadLetters, DeliveryPolicies policies) {
    this(pubsubs, deadLetters, policies, Metrics.NONE);
  }

  /** {@link #Subscriptions(PubSubs, DeadLetters, DeliveryPolicies)} recording each delivery in {@code metrics}. */
  public Subscriptions(PubSubs pubsubs, DeadLetters deadLetters, DeliveryPolicies policies, Metrics metrics) {
    this.pubsubs = pubsubs;
    this.deadLetters = deadLetters;
    this.policies = policies;
    this.metrics = metrics;
  }

  /** A running subscription. */
  private static final class Active {
    final TopicSubscription spec;
    final boolean app;
    final AtomicBoolean closing = new AtomicBoolean();
    Subscription handle;
    BulkEventDelivery bulk;

    Active(TopicSubscription spec, boolean app) {
      this.spec = spec;
      this.app = app;
    }

    void close() {
      closing.set(true);
      if (handle != null) {
        handle.close();
      }
      if (bulk != null) {
        bulk.close();
      }
    }
  }

  /**
   * The app's subscriptions, declarative and programmatic merged: for one pub/sub and topic the programmatic one
   * wins.
   */
  public static List<TopicSubscription> merge(List<TopicSubscription> declarative,
      List<TopicSubscription> programmatic) {
    Map<String, TopicSubscription> byTopic = new LinkedHashMap<>();
    declarative.forEach(s -> byTopic.put(s.pubsubName() + "||" + s.topic(), s));
    programmatic.forEach(s -> byTopic.put(s.pubsubName() + "||" + s.topic(), s));
    return new ArrayList<>(byTopic.values());
  }

  /**
   * Starts the app's subscriptions, delivering to {@code target}; the ones that cannot start are logged and listed
   * by {@link #problems()}. Called once.
   */
  public void start(List<TopicSubscription> subscriptions, EventTarget target) {
    synchronized (appLock) {
      appSubscriptions = reloadedDeclarative == null ? List.copyOf(subscriptions)
          : merge(reloadedDeclarative, programmatic(subscriptions));
      appTarget = target;
      appPaused = false;
      openApp();
    }
  }

  /**
   * Closes the app's subscriptions until {@link #resumeApp()}: no more messages are taken for them, the deliveries
   * in flight finish and their retries stop. Does nothing when they are paused already or were never started.
   */
  public void pauseApp() {
    List<Active> paused;
    synchronized (appLock) {
      if (appPaused || appTarget == null) {
        return;
      }
      appPaused = true;
      paused = active.stream().filter(a -> a.app).toList();
      pausedSpecs = paused.stream().map(a -> a.spec).toList();
      active.removeAll(paused);
      paused.forEach(a -> a.closing.set(true));
      paused.forEach(this::closeQuietly);
    }
    LOG.info("paused {} app subscription(s)", paused.size());
  }

  /** Opens the app's subscriptions again after {@link #pauseApp()}; does nothing unless they are paused. */
  public void resumeApp() {
    synchronized (appLock) {
      if (!appPaused || closed.get()) {
        return;
      }
      appPaused = false;
      openApp();
    }
  }

  private void openApp() {
    for (TopicSubscription s : appSubscriptions) {
      openLogged(s, appTarget, true);
    }
  }

  /**
   * Opens a streaming subscription (gRPC {@code SubscribeTopicEventsAlpha1}).
   *
   * @return closes the subscription
   * @throws io.jdaprd.errors.DaprException ERR_PUBSUB_NOT_FOUND for an unknown pub/sub
   * @throws SubscribeException when the scopes deny the topic or the broker refuses
   */
  public AutoCloseable openStream(TopicSubscription s, EventTarget target) throws SubscribeException {
    if (pubsubs.find(s.pubsubName()).isEmpty()) {
      throw PubSubErrors.notFound(s.pubsubName(), null);
    }
    Stream stream = new Stream(s, target);
    synchronized (appLock) {
      stream.current = open(s, target, false);
      streams.add(stream);
    }
    return () -> {
      Active a;
      synchronized (appLock) {
        streams.remove(stream);
        a = stream.current;
        stream.current = null;
      }
      if (a != null) {
        active.remove(a);
        a.close();
      }
    };
  }

  /**
   * Stops every subscription on pub/sub {@code name} (the app's and the streams'), as daprd does before it closes a
   * component that hot reload removes or changes: no more messages are taken, the deliveries in flight finish and
   * their retries stop. The subscriptions are kept, to start again with {@link #startPubSub}; the streams stay open.
   */
  public void stopPubSub(String name) {
    List<Active> stopped;
    synchronized (appLock) {
      stopped = active.stream().filter(a -> a.spec.pubsubName().equals(name)).toList();
      active.removeAll(stopped);
      streams.stream().filter(st -> st.spec.pubsubName().equals(name)).forEach(st -> st.current = null);
      stopped.forEach(a -> a.closing.set(true));
    }
    stopped.forEach(this::closeQuietly);
    if (!stopped.isEmpty()) {
      LOG.info("stopped {} subscription(s) on pubsub {}", stopped.size(), name);
    }
  }

  /**
   * Starts the subscriptions on pub/sub {@code name} that are not running: the app's (unless paused or not started
   * yet) and the open streams', as daprd does once hot reload has loaded the component (again). The ones that cannot
   * start are logged and listed by {@link #problems()}.
   */
  public void startPubSub(String name) {
    synchronized (appLock) {
      if (closed.get()) {
        return;
      }
      if (appTarget != null && !appPaused) {
        for (TopicSubscription s : appSubscriptions) {
          if (s.pubsubName().equals(name) && active.stream().noneMatch(a -> a.app && a.spec == s)) {
            openLogged(s, appTarget, true);
          }
        }
      }
      for (Stream st : streams) {
        if (st.spec.pubsubName().equals(name) && st.current == null) {
          st.current = openLogged(st.spec, st.target, false);
        }
      }
    }
  }

  /**
   * Replaces the app's declarative subscriptions (hot reload of {@code Subscription} resources, as daprd's
   * subscription reconciler does): the ones removed or changed stop (their deliveries in flight finish), the ones
   * added or changed start, unless the app's subscriptions are paused or not started yet (they start with them).
   * A programmatic subscription for the same pub/sub and topic still wins.
   */
  public void replaceDeclarative(List<TopicSubscription> declarative) {
    synchronized (appLock) {
      reloadedDeclarative = List.copyOf(declarative);
      if (closed.get() || appTarget == null) {
        return;
      }
      List<TopicSubscription> next = merge(declarative, programmatic(appSubscriptions));
      Map<String, TopicSubscription> before = byTopic(appSubscriptions);
      Map<String, TopicSubscription> after = byTopic(next);
      List<TopicSubscription> stop = new ArrayList<>();
      List<TopicSubscription> begin = new ArrayList<>();
      before.forEach((key, s) -> {
        if (!sameSpec(s, after.get(key))) {
          stop.add(s);
        }
      });
      after.forEach((key, s) -> {
        if (!sameSpec(s, before.get(key))) {
          begin.add(s);
        }
      });
      appSubscriptions = next;
      List<Active> stopped = active.stream().filter(a -> a.app && stop.contains(a.spec)).toList();
      active.removeAll(stopped);
      stopped.forEach(a -> a.closing.set(true));
      stopped.forEach(this::closeQuietly);
      if (!appPaused) {
        begin.forEach(s -> openLogged(s, appTarget, true));
      }
      if (!stop.isEmpty() || !begin.isEmpty()) {
        LOG.info("declarative subscriptions reloaded: {} stopped, {} started", stop.size(), begin.size());
      }
    }
  }

  private static List<TopicSubscription> programmatic(List<TopicSubscription> subscriptions) {
    return subscriptions.stream().filter(s -> s.source() != TopicSubscription.Source.DECLARATIVE).toList();
  }

  private static Map<String, TopicSubscription> byTopic(List<TopicSubscription> subscriptions) {
    Map<String, TopicSubscription> out = new LinkedHashMap<>();
    subscriptions.forEach(s -> out.put(s.pubsubName() + "||" + s.topic(), s));
    return out;
  }

  /** Whether two subscriptions ask for the same thing (their compiled routes aside). */
  private static boolean sameSpec(TopicSubscription a, TopicSubscription b) {
    return b != null && a.pubsubName().equals(b.pubsubName()) && a.topic().equals(b.topic())
        && a.rules().equals(b.rules()) && a.defaultPath().equals(b.defaultPath()) && a.metadata().equals(b.metadata())
        && a.deadLetterTopic().equals(b.deadLetterTopic()) && a.bulk().equals(b.bulk()) && a.source() == b.source();
  }

  private Active openLogged(TopicSubscription s, EventTarget target, boolean app) {
    try {
      return open(s, target, app);
    } catch (SubscribeException e) {
      if (!problems.contains(e.getMessage())) {
        problems.add(e.getMessage());
      }
      LOG.error("subscription not created: {}", e.getMessage());
      return null;
    }
  }

  /** A streaming subscription: what it asked for, and its running subscription while its pub/sub is loaded. */
  private static final class Stream {
    final TopicSubscription spec;
    final EventTarget target;
    Active current;

    Stream(TopicSubscription spec, EventTarget target) {
      this.spec = spec;
      this.target = target;
    }
  }

  private Active open(TopicSubscription s, EventTarget target, boolean app) throws SubscribeException {
    if (closed.get()) {
      throw new SubscribeException("the sidecar is shutting down");
    }
    Optional<PubSubs.Entry> entry = pubsubs.find(s.pubsubName());
    String what = "pubsub " + s.pubsubName() + " topic " + s.topic();
    if (entry.isEmpty()) {
      throw new SubscribeException(what + ": pubsub " + s.pubsubName() + " is not found");
    }
    if (!entry.get().scopes().canSubscribe(s.topic())) {
      throw new SubscribeException(what + ": subscribing to topic " + s.topic()
          + " is not allowed for this app (subscriptionScopes / allowedTopics)");
    }
    RouteMatcher routes;
    try {
      routes = s.compiledRoutes() != null ? s.compiledRoutes() : RouteMatcher.of(s);
    } catch (IllegalArgumentException e) {
      throw new SubscribeException(what + ": " + e.getMessage());
    }
    Active a = new Active(s, app);
    IncomingEvents incoming = new IncomingEvents(s, routes, deadLetters, cloudEvents);
    MessageHandler handler;
    if (s.bulk().enabled()) {
      a.bulk = new BulkEventDelivery(incoming, target, policies.inbound(s.pubsubName()), metrics);
      handler = a.bulk;
    } else {
      handler = new EventDelivery(incoming, metrics.enabled() ? new MeteredEventTarget(target, metrics) : target,
          policies.policy(s.pubsubName(), entry.get().durable()), a.closing::get);
    }
    try {
      a.handle = entry.get().broker().subscribe(new SubscribeRequest(s.topic(), s.metadata()), handler);
    } catch (PubSubException | RuntimeException e) {
      if (a.bulk != null) {
        a.bulk.close();
      }
      throw new SubscribeException(what + ": " + e.getMessage());
    }
    active.add(a);
    LOG.info("subscribed to topic {} on pubsub {} ({})", s.topic(), s.pubsubName(),
        s.source().name().toLowerCase(java.util.Locale.ROOT));
    return a;
  }

  /** The running subscriptions. */
  public List<TopicSubscription> active() {
    return active.stream().map(a -> a.spec).toList();
  }

  /**
   * The subscriptions the metadata API lists: the running ones and, while they are paused, the app's that ran when
   * they were paused, as daprd lists the app's subscriptions whether or not they run.
   */
  public List<TopicSubscription> listed() {
    List<TopicSubscription> out = new ArrayList<>(active());
    synchronized (appLock) {
      if (appPaused && !closed.get()) {
        out.addAll(pausedSpecs);
      }
    }
    return out;
  }

  /** Whether the app's subscriptions are paused. */
  public boolean appPaused() {
    synchronized (appLock) {
      return appPaused;
    }
  }

  /** Why subscriptions were not created. */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  /** Stops taking messages and lets the handlers in flight finish (each broker bounds its wait). */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    active.forEach(a -> a.closing.set(true));
    active.forEach(this::closeQuietly);
    active.clear();
  }

  private void closeQuietly(Active a) {
    try {
      a.close();
    } catch (RuntimeException e) {
      LOG.warn("closing the subscription to {} on {} failed: {}", a.spec.topic(), a.spec.pubsubName(),
          e.toString());
    }
  }

  /** A subscription could not be created; the message says which and why. */
  public static final class SubscribeException extends Exception {
    private static final long serialVersionUID = 1L;

    public SubscribeException(String message) {
      super(message);
    }
  }
}
