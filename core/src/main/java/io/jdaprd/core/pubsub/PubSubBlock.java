package io.jdaprd.core.pubsub;

import io.jdaprd.core.metrics.Metrics;
import io.jdaprd.core.resiliency.Resiliency;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.factories.PubSubErrors;
import io.jdaprd.spi.pubsub.BulkPublishFailure;
import io.jdaprd.spi.pubsub.Message;
import io.jdaprd.spi.pubsub.PubSubException;
import io.jdaprd.spi.pubsub.PublishRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The publish API, with daprd's checks in daprd's order: the pub/sub name is not empty (ERR_PUBSUB_EMPTY), the
 * component exists for this app (ERR_PUBSUB_NOT_FOUND), the topic is not empty (ERR_TOPIC_NAME_EMPTY),
 * {@code rawPayload} is a boolean (ERR_PUBSUB_REQUEST_METADATA); then the CloudEvent envelope is built
 * (ERR_PUBSUB_CLOUD_EVENTS_SER), the topic scopes are applied (ERR_PUBSUB_FORBIDDEN) and the broker publishes
 * (ERR_PUBSUB_PUBLISH_MESSAGE). Also the publisher of dead-lettered messages.
 */
public final class PubSubBlock implements DeadLetters {
  private final String appId;
  private final PubSubs pubsubs;
  private final Metrics metrics;
  private final CloudEvents cloudEvents = CloudEvents.systemDefault();
  private final List<PublishTap> taps = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Resiliency resiliency;

  /**
   * @param appId this sidecar's app id (the envelope's {@code source}, the scopes)
   * @param pubsubs the pub/sub components
   */
  public PubSubBlock(String appId, PubSubs pubsubs) {
    this(appId, pubsubs, Metrics.NONE, Resiliency.builtIn());
  }

  /** {@link #PubSubBlock(String, PubSubs)} recording each publish in {@code metrics}. */
  public PubSubBlock(String appId, PubSubs pubsubs, Metrics metrics) {
    this(appId, pubsubs, metrics, Resiliency.builtIn());
  }

  /**
   * A block whose publishes run under each pub/sub's outbound policy (a timeout or an open breaker is a failed
   * publish, with daprd's text as the reason).
   */
  public PubSubBlock(String appId, PubSubs pubsubs, Resiliency resiliency) {
    this(appId, pubsubs, Metrics.NONE, resiliency);
  }

  /** A block recording each publish in {@code metrics}, whose publishes run under {@code resiliency}'s policies. */
  public PubSubBlock(String appId, PubSubs pubsubs, Metrics metrics, Resiliency resiliency) {
    this.appId = appId;
    this.pubsubs = pubsubs;
    this.metrics = metrics;
    this.resiliency = resiliency;
  }

  /** Adds a tap that sees every event a broker accepted from now on (see {@link PublishTap}). */
  public void addTap(PublishTap tap) {
    taps.add(tap);
  }

  /** Removes a tap added by {@link #addTap}. */
  public void removeTap(PublishTap tap) {
    taps.remove(tap);
  }

  private void tapped(String pubsub, PublishRequest r) {
    for (PublishTap tap : taps) {
      try {
        tap.published(pubsub, r.topic(), r.data(), r.contentType(), r.metadata());
      } catch (RuntimeException e) {
        // a tap's failure is its own (see PublishTap)
      }
    }
  }

  /** Publishes one event; returns when the broker has accepted it. */
  public void publish(PublishCommand c) {
    PubSubs.Entry entry = validate(c.pubsubName(), c.topic(), c.metadata(), c.transport());
    boolean raw = rawPayload(c.pubsubName(), c.metadata());
    Map<String, String> metadata = new LinkedHashMap<>(c.metadata());
    byte[] data = c.data();
    String contentType;
    if (raw) {
      if (c.transport() == PublishCommand.Transport.GRPC) {
        metadata.put("traceid", c.traceparent() == null ? "" : c.traceparent());
        metadata.put("tracestate", c.tracestate() == null ? "" : c.tracestate());
      }
      contentType = c.contentType();
    } else {
      data = envelope(entry, c.topic(), data, c.contentType(), c.metadata(), c.traceparent(), c.tracestate());
      contentType = CloudEvents.CONTENT_TYPE;
    }
    if (!entry.scopes().canPublish(c.topic())) {
      throw PubSubErrors.forbidden(c.pubsubName(), c.topic(), appId);
    }
    PublishRequest request = new PublishRequest(c.topic(), data, contentType, metadata);
    PubSubs.Entry publisher = enter(c.pubsubName(), c.topic());
    long start = System.nanoTime();
    boolean ok = false;
    try {
      resiliency.componentOutbound(c.pubsubName(), Resiliency.ComponentKind.PUBSUB).run(() -> {
        publisher.broker().publish(request);
        return null;
      }, PubSubException::new);
      ok = true;
    } catch (PubSubException | RuntimeException e) {
      throw PubSubErrors.publishMessage(c.pubsubName(), c.topic(), e.getMessage());
    } finally {
      publisher.inFlight().exit();
      metrics.pubsubEgress(c.pubsubName(), c.topic(), ok, System.nanoTime() - start);
    }
    tapped(c.pubsubName(), request);
  }

  /** Publishes several events to one topic; validation failures throw, broker failures are in the outcome. */
  public BulkPublishOutcome bulkPublish(BulkPublishCommand c) {
    PubSubs.Entry entry = validate(c.pubsubName(), c.topic(), c.metadata(), c.transport());
    boolean raw = rawPayload(c.pubsubName(), c.metadata());
    Set<String> ids = new HashSet<>();
    List<PublishRequest> requests = new ArrayList<>();
    for (BulkPublishCommand.Entry e : c.entries()) {
      if (e.entryId().isEmpty() || !ids.add(e.entryId())) {
        throw PubSubErrors.marshalEvents(c.pubsubName(), c.topic(), appId,
            "entryId is duplicated or not present for entry");
      }
      Map<String, String> metadata = e.metadata() == null ? Map.of() : merged(c.metadata(), e.metadata());
      byte[] data = e.event();
      String contentType = e.contentType();
      if (!raw) {
        data = envelope(entry, c.topic(), data, e.contentType(), metadata, c.traceparent(), c.tracestate());
        contentType = CloudEvents.CONTENT_TYPE;
      }
      requests.add(new PublishRequest(c.topic(), data, contentType, metadata, e.entryId()));
    }
    if (!entry.scopes().canPublish(c.topic())) {
      // daprd's scope check sits behind its metrics: a failed call with every entry counted as published
      metrics.pubsubBulkEgress(c.pubsubName(), c.topic(), false, requests.size(), 0);
      throw PubSubErrors.forbidden(c.pubsubName(), c.topic(), appId);
    }
    List<BulkPublishFailure> failed = null;
    PubSubs.Entry publisher = enter(c.pubsubName(), c.topic());
    long start = System.nanoTime();
    try {
      failed = resilientBulkPublish(publisher, c.pubsubName(), requests);
    } finally {
      publisher.inFlight().exit();
      int failures = failed == null ? requests.size() : failed.size();
      metrics.pubsubBulkEgress(c.pubsubName(), c.topic(), failures == 0, requests.size() - failures,
          System.nanoTime() - start);
    }
    if (!taps.isEmpty()) {
      Set<String> failedIds = new HashSet<>();
      failed.forEach(f -> failedIds.add(f.entryId()));
      requests.stream().filter(r -> !failedIds.contains(r.entryId())).forEach(r -> tapped(c.pubsubName(), r));
    }
    DaprException error = failed.isEmpty() ? null
        : PubSubErrors.publishMessage(c.pubsubName(), c.topic(), failed.getFirst().error());
    return new BulkPublishOutcome(failed, error);
  }

  /**
   * A bulk publish under the pub/sub's outbound resiliency policy, as daprd's {@code ApplyBulkPublishResiliency}:
   * each retry sends only the entries the previous attempt failed; when the policy stops the call (a timeout, an
   * open breaker) or the broker failed as a whole, the entries still pending fail with its error, otherwise the
   * last attempt's failures are the answer.
   */
  private List<BulkPublishFailure> resilientBulkPublish(PubSubs.Entry entry, String pubsub,
      List<PublishRequest> requests) {
    io.jdaprd.core.resiliency.Policy policy = resiliency.componentOutbound(pubsub, Resiliency.ComponentKind.PUBSUB);
    if (policy.isNone()) {
      return attemptBulk(entry, requests);
    }
    var pending = new java.util.concurrent.atomic.AtomicReference<>(requests);
    var last = new java.util.concurrent.atomic.AtomicReference<List<BulkPublishFailure>>(List.of());
    try {
      policy.run(() -> {
        List<BulkPublishFailure> failures = attemptBulk(entry, pending.get());
        last.set(failures);
        if (failures.isEmpty()) {
          return null;
        }
        Set<String> failedIds = new HashSet<>();
        failures.forEach(f -> failedIds.add(f.entryId()));
        pending.set(pending.get().stream().filter(r -> failedIds.contains(r.entryId())).toList());
        throw new PubSubException(failures.getFirst().error());
      }, PubSubException::new);
      return List.of();
    } catch (PubSubException e) {
      String message = e.getMessage();
      boolean stopped = message.equals(io.jdaprd.core.resiliency.Policy.DEADLINE_EXCEEDED)
          || message.equals(io.jdaprd.core.resiliency.CircuitBreaker.OPEN)
          || message.equals(io.jdaprd.core.resiliency.CircuitBreaker.TOO_MANY_REQUESTS);
      if (stopped || last.get().isEmpty()) {
        return pending.get().stream().map(r -> new BulkPublishFailure(r.entryId(), message)).toList();
      }
      return last.get();
    }
  }

  private static List<BulkPublishFailure> attemptBulk(PubSubs.Entry entry, List<PublishRequest> requests) {
    try {
      return entry.broker().bulkPublish(requests);
    } catch (RuntimeException e) {
      return requests.stream().map(r -> new BulkPublishFailure(r.entryId(), e.getMessage())).toList();
    }
  }

  /** Reads the entries of a bulk publish, failing with the block's error when they do not read. */
  @FunctionalInterface
  public interface EntryReader {
    /** The entries. */
    List<BulkPublishCommand.Entry> read();
  }

  /**
   * A bulk publish whose body is decoded only after the checks of the target ({@link #checkTarget}), as daprd's HTTP
   * handler does: a request with a bad target and a bad body gets the target's error.
   */
  public BulkPublishOutcome bulkPublish(String pubsub, String topic, Map<String, String> metadata,
      PublishCommand.Transport transport, String traceparent, String tracestate, EntryReader entries) {
    checkTarget(pubsub, topic, metadata, transport);
    return bulkPublish(new BulkPublishCommand(pubsub, topic, entries.read(), metadata, transport, traceparent,
        tracestate));
  }

  /**
   * Runs the checks that come before the body is read: name, component, topic, {@code rawPayload}. HTTP bulk publish
   * runs them before decoding its body, as daprd does.
   */
  public void checkTarget(String pubsub, String topic, Map<String, String> metadata,
      PublishCommand.Transport transport) {
    validate(pubsub, topic, metadata, transport);
    rawPayload(pubsub, metadata);
  }

  /** Publishes a delivered message, bytes and metadata unchanged, to {@code topic} (a dead-letter topic). */
  @Override
  public void send(String pubsub, String topic, Message message) throws PubSubException {
    PubSubs.Entry entry = pubsubs.find(pubsub).orElseThrow(
        () -> new PubSubException("pubsub " + pubsub + " is not found"));
    if (!entry.scopes().canPublish(topic)) {
      throw new PubSubException("topic " + topic + " is not allowed for app id " + appId);
    }
    if (!entry.inFlight().enter()) {
      throw new PubSubException("pubsub " + pubsub + " is not found");
    }
    try {
      entry.broker().publish(new PublishRequest(topic, message.data(), message.contentType(), message.metadata()));
    } finally {
      entry.inFlight().exit();
    }
  }

  /**
   * The component that publishes, looked up again at publish time as daprd's publisher does, and counted in until
   * the caller's {@code exit}: when hot reload removed it since the checks, daprd's ERR_PUBSUB_NOT_FOUND with reason
   * DAPR_PUBSUB_TEST_NOT_FOUND (400 / NotFound); when it replaced it, its successor.
   */
  private PubSubs.Entry enter(String pubsub, String topic) {
    while (true) {
      PubSubs.Entry entry = pubsubs.find(pubsub).orElse(null);
      if (entry == null) {
        throw PubSubErrors.publishNotFound(pubsub, topic, "pubsub '" + pubsub + "' not found");
      }
      if (entry.inFlight().enter()) {
        return entry;
      }
      // closing: hot reload took it out of the registry first, so the next lookup finds its successor or nothing
    }
  }

  private PubSubs.Entry validate(String pubsub, String topic, Map<String, String> metadata,
      PublishCommand.Transport transport) {
    Map<String, String> echoed = transport == PublishCommand.Transport.GRPC && metadata.isEmpty() ? null : metadata;
    if (pubsub == null || pubsub.isEmpty()) {
      throw PubSubErrors.nameEmpty(echoed);
    }
    PubSubs.Entry entry = pubsubs.find(pubsub).orElseThrow(() -> PubSubErrors.notFound(pubsub,
        transport == PublishCommand.Transport.GRPC ? null : metadata));
    if (topic == null || topic.isEmpty()) {
      throw PubSubErrors.topicEmpty(pubsub, echoed);
    }
    return entry;
  }

  private static boolean rawPayload(String pubsub, Map<String, String> metadata) {
    String value = metadata.get("rawPayload");
    if (value == null || value.isEmpty()) {
      return false;
    }
    return switch (value) {
      case "1", "t", "T", "TRUE", "true", "True" -> true;
      case "0", "f", "F", "FALSE", "false", "False" -> false;
      default -> throw PubSubErrors.metadataDeserialize(pubsub, metadata,
          "rawPayload value must be a valid boolean: actual is '" + value + "'");
    };
  }

  private byte[] envelope(PubSubs.Entry entry, String topic, byte[] data, String contentType,
      Map<String, String> metadata, String traceparent, String tracestate) {
    try {
      return cloudEvents.envelopeJson(new CloudEvents.Request(data, contentType, entry.name(), topic, appId,
          metadata, traceparent, tracestate, entry.nativeTtl()));
    } catch (CloudEvents.NotACloudEventException e) {
      throw PubSubErrors.cloudEventCreation(entry.name(), appId, e.getMessage());
    }
  }

  private static Map<String, String> merged(Map<String, String> request, Map<String, String> entry) {
    Map<String, String> out = new LinkedHashMap<>(request);
    out.putAll(entry);
    return out;
  }

  /**
   * The error for a publish whose body could not be read (over {@code --max-body-size} without a
   * {@code Content-Length}): daprd validates the target first, then answers ERR_PUBSUB_PUBLISH_MESSAGE.
   */
  public DaprException bodyReadFailure(String pubsub, String topic, String cause) {
    try {
      validate(pubsub, topic, Map.of(), PublishCommand.Transport.HTTP);
    } catch (DaprException e) {
      return e;
    }
    return PubSubErrors.publishMessage(pubsub, topic, cause);
  }

  /** Whether a pub/sub component of this name serves this app. */
  public boolean exists(String pubsub) {
    return pubsubs.find(pubsub).isPresent();
  }
}
