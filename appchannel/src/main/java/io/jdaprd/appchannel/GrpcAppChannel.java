package io.jdaprd.appchannel;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.Clients;
import com.linecorp.armeria.client.Endpoint;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.common.util.SafeCloseable;
import io.dapr.v1.AppCallbackAlphaGrpc;
import io.dapr.v1.AppCallbackGrpc;
import io.dapr.v1.AppCallbackHealthCheckGrpc;
import io.dapr.v1.DaprAppCallbackProtos.BindingEventRequest;
import io.dapr.v1.DaprAppCallbackProtos.BindingEventResponse;
import io.dapr.v1.DaprAppCallbackProtos.ListTopicSubscriptionsResponse;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventBulkRequest;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventBulkRequestEntry;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventBulkResponse;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventBulkResponseEntry;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventRequest;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.jdaprd.core.appchannel.AppChannel;
import io.jdaprd.core.appchannel.AppChannelException;
import io.jdaprd.core.invoke.InvokeRequest;
import io.jdaprd.core.invoke.InvokeResponse;
import io.jdaprd.core.apphealth.ProbeResult;
import io.jdaprd.core.bindings.BindingDeliveryException;
import io.jdaprd.core.bindings.BindingEventDelivery;
import io.jdaprd.core.bindings.BindingEventReply;
import io.jdaprd.core.pubsub.delivery.BulkEventReply;
import io.jdaprd.core.pubsub.delivery.BulkTopicEventDelivery;
import io.jdaprd.core.pubsub.delivery.EventReply;
import io.jdaprd.core.pubsub.delivery.EventStatus;
import io.jdaprd.core.pubsub.delivery.TopicEventDelivery;
import io.jdaprd.core.pubsub.routing.BulkSubscribeSpec;
import io.jdaprd.core.pubsub.routing.RouteRule;
import io.jdaprd.core.pubsub.routing.TopicSubscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The app channel to a gRPC app ({@code --app-protocol grpc} or {@code grpcs}): Dapr's {@code AppCallback} service
 * through Armeria's gRPC client, HTTP/2 without TLS for {@code grpc}, with TLS (the app's certificate accepted
 * without verification, as daprd does) for {@code grpcs}. Bulk deliveries use {@code OnBulkTopicEvent} and, once the
 * app has answered {@code Unimplemented} to it, {@code AppCallbackAlpha.OnBulkTopicEventAlpha1}.
 */
final class GrpcAppChannel implements AppChannel {
  private static final String BULK_EVENT_TYPE = "com.dapr.event.sent.bulk";

  private final AppChannelSettings settings;
  private final ClientFactory factory;
  private final AppCallbackGrpc.AppCallbackBlockingStub callback;
  private final AppCallbackAlphaGrpc.AppCallbackAlphaBlockingStub callbackAlpha;
  private final AppCallbackHealthCheckGrpc.AppCallbackHealthCheckFutureStub healthCheck;
  private final CallLimit limit;
  private final GrpcInvocations invocations;
  private volatile boolean bulkOnAlpha;
  private volatile List<String> inputBindings;

  GrpcAppChannel(AppChannelSettings settings) {
    this(settings, io.jdaprd.core.metrics.Metrics.NONE);
  }

  GrpcAppChannel(AppChannelSettings settings, io.jdaprd.core.metrics.Metrics metrics) {
    this.settings = settings;
    this.factory = HttpAppChannel.clientFactory(settings);
    SessionProtocol protocol = settings.tls() ? SessionProtocol.H2 : SessionProtocol.H2C;
    var builder = GrpcClients.builder(protocol, Endpoint.of(settings.address(), settings.port()))
        .factory(factory)
        .decorator(AppChannelMetrics.grpc(metrics))
        .responseTimeout(settings.callTimeout())
        .writeTimeout(settings.callTimeout());
    this.callback = builder.build(AppCallbackGrpc.AppCallbackBlockingStub.class);
    this.callbackAlpha = builder.build(AppCallbackAlphaGrpc.AppCallbackAlphaBlockingStub.class);
    this.healthCheck = builder.build(AppCallbackHealthCheckGrpc.AppCallbackHealthCheckFutureStub.class);
    this.limit = new CallLimit(settings.maxConcurrency());
    this.invocations = new GrpcInvocations(GrpcClients.builder(protocol, Endpoint.of(settings.address(),
        settings.port())).factory(factory).decorator(AppChannelMetrics.grpc(metrics)).responseTimeoutMillis(0)
        .writeTimeoutMillis(0).maxResponseLength(0).build(AppCallbackGrpc.AppCallbackBlockingStub.class), settings,
        limit);
  }

  @Override
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    return AppPort.awaitOpen(settings.address(), settings.port(), timeout);
  }

  @Override
  public List<TopicSubscription> topicSubscriptions() throws AppChannelException {
    ListTopicSubscriptionsResponse response;
    try {
      response = call(Map.of(), () -> callback.listTopicSubscriptions(Empty.getDefaultInstance()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AppChannelException("ListTopicSubscriptions: interrupted");
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        return List.of();
      }
      throw new AppChannelException("ListTopicSubscriptions: " + describe(e), e);
    }
    List<TopicSubscription> subscriptions = new ArrayList<>();
    for (var s : response.getSubscriptionsList()) {
      List<RouteRule> rules = new ArrayList<>();
      s.getRoutes().getRulesList().forEach(r -> rules.add(new RouteRule(r.getMatch().trim(), r.getPath())));
      String defaultPath = s.getRoutes().getDefault();
      if (rules.isEmpty() && defaultPath.isEmpty()) {
        rules.add(new RouteRule("", ""));
      }
      BulkSubscribeSpec bulk = s.hasBulkSubscribe()
          ? new BulkSubscribeSpec(s.getBulkSubscribe().getEnabled(), s.getBulkSubscribe().getMaxMessagesCount(),
              s.getBulkSubscribe().getMaxAwaitDurationMs())
          : BulkSubscribeSpec.OFF;
      subscriptions.add(new TopicSubscription(s.getPubsubName(), s.getTopic(), rules, defaultPath, s.getMetadataMap(),
          s.getDeadLetterTopic(), bulk, TopicSubscription.Source.PROGRAMMATIC));
    }
    return List.copyOf(subscriptions);
  }

  /**
   * {@code AppCallbackHealthCheck.HealthCheck}, outside the concurrency limit and without the app token, as daprd's
   * probe; healthy when it answers OK.
   */
  @Override
  public ProbeResult probeHealth(Duration timeout) throws InterruptedException {
    Future<?> answer = healthCheck.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS)
        .healthCheck(Empty.getDefaultInstance());
    try {
      answer.get(timeout.toNanos() + TimeUnit.MILLISECONDS.toNanos(100), TimeUnit.NANOSECONDS);
      return ProbeResult.HEALTHY;
    } catch (ExecutionException e) {
      Status status = Status.fromThrowable(e.getCause());
      if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
        return ProbeResult.unhealthy("HealthCheck: no answer within " + timeout.toMillis() + " ms");
      }
      return ProbeResult.unhealthy("HealthCheck: " + describe(status.asRuntimeException()));
    } catch (TimeoutException e) {
      answer.cancel(true);
      return ProbeResult.unhealthy("HealthCheck: no answer within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      answer.cancel(true);
      throw e;
    }
  }

  @Override
  public EventReply deliver(TopicEventDelivery event) {
    TopicEventRequest request;
    try {
      request = TopicEventRequests.of(event);
    } catch (IllegalArgumentException e) {
      return EventReply.retry("OnTopicEvent: the event cannot be sent: " + e.getMessage());
    }
    TopicEventResponse response;
    try {
      response = call(EventHeaders.grpc(event.metadata(), event.cloudEvent()),
          () -> callback.onTopicEvent(request));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return EventReply.retry("OnTopicEvent: interrupted");
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        return EventReply.drop("OnTopicEvent: the app does not implement it: " + describe(e), false);
      }
      return EventReply.retry("OnTopicEvent: " + describe(e));
    }
    return switch (response.getStatus()) {
      case SUCCESS -> EventReply.SUCCESS;
      case RETRY -> EventReply.retry("OnTopicEvent: the app answered status RETRY");
      case DROP -> EventReply.drop("OnTopicEvent: the app answered status DROP", true);
      default -> EventReply.retry("OnTopicEvent: the app answered an unknown status: " + response.getStatusValue()
          + " (expected: SUCCESS, RETRY or DROP)");
    };
  }

  /**
   * {@code ListInputBindings}, asked once and kept, as daprd: a failure (an app that does not implement it) counts as
   * no bindings.
   */
  @Override
  public boolean takesBinding(String name, String route) {
    List<String> listed = inputBindings;
    if (listed == null) {
      try {
        listed = List.copyOf(call(Map.of(), () -> callback.listInputBindings(Empty.getDefaultInstance()))
            .getBindingsList());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (StatusRuntimeException e) {
        listed = List.of();
      }
      inputBindings = listed;
    }
    return listed.contains(name);
  }

  /** {@code OnBindingEvent} with the event's name, data and metadata; a non-OK status is a failure. */
  @Override
  public BindingEventReply deliverBindingEvent(BindingEventDelivery event) throws BindingDeliveryException {
    BindingEventRequest request = BindingEventRequest.newBuilder().setName(event.name())
        .setData(ByteString.copyFrom(event.data())).putAllMetadata(event.metadata()).build();
    BindingEventResponse response;
    try {
      response = call(Map.of(), () -> callback.onBindingEvent(request));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BindingDeliveryException("error invoking app: interrupted");
    } catch (StatusRuntimeException e) {
      throw new BindingDeliveryException("error invoking app: " + describe(e), e);
    }
    byte[] body = response.getData().toByteArray();
    return new BindingEventReply(body, response.getToList(), BindingReplies.forwardedData(body),
        response.getConcurrency() == BindingEventResponse.BindingEventConcurrency.PARALLEL);
  }

  @Override
  public BulkEventReply deliverBulk(BulkTopicEventDelivery batch) {
    Map<String, EventStatus> statuses = new HashMap<>();
    List<String> failedToBuild = new ArrayList<>();
    TopicEventBulkRequest.Builder request = TopicEventBulkRequest.newBuilder()
        .setId(batch.id())
        .putAllMetadata(batch.metadata())
        .setTopic(batch.topic())
        .setPubsubName(batch.pubsubName())
        .setType(BULK_EVENT_TYPE)
        .setPath(batch.path() == null ? "" : batch.path());
    for (BulkTopicEventDelivery.Entry entry : batch.entries()) {
      try {
        TopicEventBulkRequestEntry.Builder item = TopicEventBulkRequestEntry.newBuilder()
            .setEntryId(entry.entryId())
            .setContentType(entry.contentType())
            .putAllMetadata(entry.metadata());
        if (entry.isRaw()) {
          item.setBytes(ByteString.copyFrom(entry.rawEvent()));
        } else {
          item.setCloudEvent(TopicEventRequests.cloudEvent(entry.cloudEvent()));
        }
        request.addEntries(item);
      } catch (IllegalArgumentException e) {
        statuses.put(entry.entryId(), EventStatus.RETRY);
        failedToBuild.add(entry.entryId() + ": " + e.getMessage());
      }
    }
    List<String> sentIds = request.getEntriesList().stream().map(TopicEventBulkRequestEntry::getEntryId).toList();
    Map<String, Object> firstEvent = batch.entries().isEmpty() || batch.entries().get(0).isRaw() ? Map.of()
        : batch.entries().get(0).cloudEvent();
    Map<String, String> headers = EventHeaders.grpc(batch.headerMetadata(), firstEvent);
    String prefix = failedToBuild.isEmpty() ? "" : "entries that cannot be sent: " + failedToBuild + "; ";
    TopicEventBulkResponse response;
    try {
      response = bulkCall(headers, request.build());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return withAll(statuses, sentIds, EventStatus.RETRY, prefix + "OnBulkTopicEvent: interrupted");
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        return withAll(statuses, sentIds, EventStatus.DROP,
            prefix + "OnBulkTopicEvent: the app implements neither OnBulkTopicEvent nor OnBulkTopicEventAlpha1");
      }
      return withAll(statuses, sentIds, EventStatus.RETRY, prefix + "OnBulkTopicEvent: " + describe(e));
    }
    Map<String, EventStatus> answered = new HashMap<>();
    for (TopicEventBulkResponseEntry entry : response.getStatusesList()) {
      if (sentIds.contains(entry.getEntryId())) {
        answered.put(entry.getEntryId(), switch (entry.getStatus()) {
          case SUCCESS -> EventStatus.SUCCESS;
          case DROP -> EventStatus.DROP;
          default -> EventStatus.RETRY;
        });
      }
    }
    sentIds.forEach(id -> statuses.put(id, answered.getOrDefault(id, EventStatus.RETRY)));
    return new BulkEventReply(statuses, prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 2));
  }

  /** {@code OnBulkTopicEvent}, or its alpha once the app has said it lacks the stable one; one concurrency slot. */
  private TopicEventBulkResponse bulkCall(Map<String, String> headers, TopicEventBulkRequest request)
      throws InterruptedException {
    limit.acquire();
    long started = System.nanoTime();
    try (SafeCloseable ignored = withHeaders(headers)) {
      if (!bulkOnAlpha) {
        try {
          return callback.onBulkTopicEvent(request);
        } catch (StatusRuntimeException e) {
          if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
            throw e;
          }
          bulkOnAlpha = true;
        }
      }
      return callbackAlpha.onBulkTopicEventAlpha1(request);
    } catch (StatusRuntimeException e) {
      throw asTimeout(e, started);
    } finally {
      limit.release();
    }
  }

  private static BulkEventReply withAll(Map<String, EventStatus> statuses, List<String> ids, EventStatus status,
      String reason) {
    ids.forEach(id -> statuses.put(id, status));
    return new BulkEventReply(statuses, reason);
  }

  /** One call, inside the concurrency limit, with the token and {@code headers} as metadata. */
  private <T> T call(Map<String, String> headers, Supplier<T> rpc) throws InterruptedException {
    limit.acquire();
    long started = System.nanoTime();
    try (SafeCloseable ignored = withHeaders(headers)) {
      return rpc.get();
    } catch (StatusRuntimeException e) {
      throw asTimeout(e, started);
    } finally {
      limit.release();
    }
  }

  /**
   * The failure as the caller should see it: an app that cancels the call once the call timeout has passed (its own
   * server enforcing the deadline we sent) races our client's deadline, and either way the app did not answer in
   * time, so a {@code CANCELLED} after the timeout is reported as {@code DEADLINE_EXCEEDED}.
   */
  private StatusRuntimeException asTimeout(StatusRuntimeException e, long startedNanos) {
    if (e.getStatus().getCode() == Status.Code.CANCELLED
        && System.nanoTime() - startedNanos >= settings.callTimeout().toNanos()) {
      return Status.DEADLINE_EXCEEDED.withCause(e).asRuntimeException();
    }
    return e;
  }

  private SafeCloseable withHeaders(Map<String, String> headers) {
    return Clients.withHeaders(h -> {
      headers.forEach(h::set);
      byte[] traceBin = EventHeaders.grpcTraceBin(headers.get(EventHeaders.TRACEPARENT));
      if (traceBin != null) {
        h.set(EventHeaders.GRPC_TRACE_BIN, Base64.getEncoder().withoutPadding().encodeToString(traceBin));
      }
      if (settings.hasToken()) {
        h.set(HttpAppChannel.API_TOKEN_HEADER, settings.appApiToken());
      }
    });
  }

  private String describe(StatusRuntimeException e) {
    Status status = e.getStatus();
    if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
      return "the app did not answer within " + settings.callTimeout().toMillis() + " ms";
    }
    if (status.getCause() != null && status.getCode() == Status.Code.UNAVAILABLE) {
      return CallFailure.describe(status.getCause(), settings);
    }
    return "the app answered " + status.getCode()
        + (status.getDescription() == null ? "" : ": " + status.getDescription());
  }

  @Override
  public InvokeResponse invoke(InvokeRequest request) throws AppCallFailure {
    return invocations.invoke(request);
  }

  @Override
  public void close() {
    factory.close();
  }
}
