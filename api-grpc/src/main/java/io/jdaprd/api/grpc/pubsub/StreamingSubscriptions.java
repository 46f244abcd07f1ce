package io.jdaprd.api.grpc.pubsub;

import io.dapr.v1.DaprAppCallbackProtos.TopicEventResponse;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprPubsubProtos.SubscribeTopicEventsRequestAlpha1;
import io.dapr.v1.DaprPubsubProtos.SubscribeTopicEventsRequestInitialAlpha1;
import io.dapr.v1.DaprPubsubProtos.SubscribeTopicEventsResponseAlpha1;
import io.dapr.v1.DaprPubsubProtos.SubscribeTopicEventsResponseInitialAlpha1;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.jdaprd.api.grpc.calls.GrpcCalls;
import io.jdaprd.core.pubsub.delivery.BulkEventReply;
import io.jdaprd.core.pubsub.delivery.BulkTopicEventDelivery;
import io.jdaprd.core.pubsub.delivery.EventReply;
import io.jdaprd.core.pubsub.delivery.EventStatus;
import io.jdaprd.core.pubsub.delivery.EventTarget;
import io.jdaprd.core.pubsub.delivery.Subscriptions;
import io.jdaprd.core.pubsub.delivery.TopicEventDelivery;
import io.jdaprd.core.pubsub.routing.BulkSubscribeSpec;
import io.jdaprd.core.pubsub.routing.RouteRule;
import io.jdaprd.core.pubsub.routing.TopicSubscription;
import io.jdaprd.errors.DaprException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * {@code SubscribeTopicEventsAlpha1}: a client subscribes over a bidirectional stream. The first message must be the
 * initial request ({@code pubsubName is required}, {@code topic is required}, an unknown pub/sub is
 * ERR_PUBSUB_NOT_FOUND, a second initial request is {@code duplicate initial request received}); the sidecar answers
 * an initial response, then sends each event as a {@code TopicEventRequest} and waits for the client's
 * {@code event_processed} with the event's id: SUCCESS, RETRY or DROP as for an app. When the stream ends, events
 * still waiting are retried (handed back to the broker).
 */
public final class StreamingSubscriptions {
  private final Subscriptions subscriptions;
  private final GrpcCalls calls;

  public StreamingSubscriptions(Subscriptions subscriptions, GrpcCalls calls) {
    this.subscriptions = subscriptions;
    this.calls = calls;
  }

  /** The request side of a new stream answering on {@code responses}. */
  public StreamObserver<SubscribeTopicEventsRequestAlpha1> open(
      StreamObserver<SubscribeTopicEventsResponseAlpha1> responses) {
    return new Stream(responses);
  }

  private final class Stream implements StreamObserver<SubscribeTopicEventsRequestAlpha1>, EventTarget {
    private final StreamObserver<SubscribeTopicEventsResponseAlpha1> responses;
    private final Map<String, CompletableFuture<EventReply>> waiting = new ConcurrentHashMap<>();
    private volatile boolean initialized;
    private volatile boolean ended;
    private AutoCloseable subscription;

    Stream(StreamObserver<SubscribeTopicEventsResponseAlpha1> responses) {
      this.responses = responses;
    }

    @Override
    public void onNext(SubscribeTopicEventsRequestAlpha1 request) {
      boolean processed = request.getSubscribeTopicEventsRequestTypeCase()
          == SubscribeTopicEventsRequestAlpha1.SubscribeTopicEventsRequestTypeCase.EVENT_PROCESSED;
      if (!initialized) {
        // daprd reads the first message as the initial request, whatever else it is
        if (request.hasInitialRequest()) {
          initial(request.getInitialRequest());
        } else {
          fail(Status.UNKNOWN.withDescription("initial request is required").asRuntimeException());
        }
        return;
      }
      if (!processed) {
        // daprd's streamer takes every later message without an event answer for a second initial request
        fail(Status.UNKNOWN.withDescription("duplicate initial request received").asRuntimeException());
        return;
      }
      CompletableFuture<EventReply> reply = waiting.remove(request.getEventProcessed().getId());
      if (reply != null) {
        reply.complete(reply(request.getEventProcessed().getStatus()));
      }
    }

    private void initial(SubscribeTopicEventsRequestInitialAlpha1 initial) {
      initialized = true;
      if (initial.getPubsubName().isEmpty()) {
        fail(Status.UNKNOWN.withDescription("pubsubName is required").asRuntimeException());
        return;
      }
      if (initial.getTopic().isEmpty()) {
        fail(Status.UNKNOWN.withDescription("topic is required").asRuntimeException());
        return;
      }
      TopicSubscription spec = new TopicSubscription(initial.getPubsubName(), initial.getTopic(),
          List.of(new RouteRule("", "")), "", initial.getMetadataMap(), initial.getDeadLetterTopic(),
          BulkSubscribeSpec.OFF, TopicSubscription.Source.STREAMING);
      try {
        // Holding the stream's lock, no event can go out before the initial response.
        synchronized (responses) {
          subscription = subscriptions.openStream(spec, this);
          responses.onNext(SubscribeTopicEventsResponseAlpha1.newBuilder()
              .setInitialResponse(SubscribeTopicEventsResponseInitialAlpha1.getDefaultInstance()).build());
        }
      } catch (DaprException e) {
        fail(calls.failure(DaprGrpc.getSubscribeTopicEventsAlpha1Method(), e));
      } catch (Subscriptions.SubscribeException e) {
        fail(Status.UNKNOWN.withDescription(e.getMessage()).asRuntimeException());
      }
    }

    private EventReply reply(TopicEventResponse response) {
      return switch (response.getStatus()) {
        case SUCCESS -> EventReply.SUCCESS;
        case DROP -> EventReply.drop("the streaming subscriber dropped it", true);
        default -> EventReply.retry("the streaming subscriber asked for a retry");
      };
    }

    @Override
    public EventReply deliver(TopicEventDelivery event) {
      if (ended) {
        return EventReply.retry("the stream has ended");
      }
      io.dapr.v1.DaprAppCallbackProtos.TopicEventRequest request;
      try {
        request = TopicEventMessages.of(event);
      } catch (IllegalArgumentException e) {
        return EventReply.drop("the event cannot be sent over gRPC: " + e.getMessage(), true);
      }
      CompletableFuture<EventReply> reply = new CompletableFuture<>();
      waiting.put(request.getId(), reply);
      try {
        synchronized (responses) {
          responses.onNext(SubscribeTopicEventsResponseAlpha1.newBuilder().setEventMessage(request).build());
        }
        return reply.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return EventReply.retry("interrupted");
      } catch (ExecutionException | RuntimeException e) {
        return EventReply.retry("the stream failed: " + e.getMessage());
      } finally {
        waiting.remove(request.getId());
      }
    }

    @Override
    public BulkEventReply deliverBulk(BulkTopicEventDelivery batch) {
      Map<String, EventStatus> statuses = new HashMap<>();
      batch.entries().forEach(e -> statuses.put(e.entryId(), EventStatus.RETRY));
      return new BulkEventReply(statuses, "streaming subscriptions take events one by one");
    }

    private void fail(RuntimeException e) {
      end();
      synchronized (responses) {
        responses.onError(e);
      }
    }

    private void end() {
      ended = true;
      waiting.values().forEach(f -> f.complete(EventReply.retry("the stream has ended")));
      waiting.clear();
      if (subscription != null) {
        try {
          subscription.close();
        } catch (Exception ignored) {
          // closing a subscription only logs its own failures
        }
      }
    }

    @Override
    public void onError(Throwable t) {
      end();
    }

    @Override
    public void onCompleted() {
      end();
      synchronized (responses) {
        responses.onCompleted();
      }
    }
  }
}
