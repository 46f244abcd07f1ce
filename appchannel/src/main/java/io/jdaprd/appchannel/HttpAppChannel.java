package io.jdaprd.appchannel;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.DecoratingHttpClientFunction;
import com.linecorp.armeria.client.Endpoint;
import com.linecorp.armeria.client.RequestOptions;
import com.linecorp.armeria.client.ResponseTimeoutException;
import com.linecorp.armeria.client.WebClient;
import io.jdaprd.core.metrics.Metrics;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.common.SessionProtocol;
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
import io.jdaprd.core.pubsub.routing.TopicSubscription;
import io.jdaprd.golang.GoJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The app channel to an HTTP app ({@code --app-protocol http}, {@code https} or {@code h2c}) on an Armeria
 * {@link WebClient} with keep-alive connections. {@code http} and {@code https} speak HTTP/1.1, {@code h2c} HTTP/2
 * without TLS; with {@code https} the app's certificate is accepted without verification, as daprd accepts it.
 * Calls block the calling (virtual) thread; the event loops only move bytes.
 */
final class HttpAppChannel implements AppChannel {
  static final String CLOUDEVENT_CONTENT_TYPE = "application/cloudevents+json";
  static final String BULK_EVENT_TYPE = "com.dapr.event.sent.bulk";
  /** The content type of a raw bulk entry whose broker kept none. */
  static final String RAW_CONTENT_TYPE = "application/octet-stream";
  static final String API_TOKEN_HEADER = "dapr-api-token";
  private static final String SUBSCRIBE_PATH = "/dapr/subscribe";
  private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final AppChannelSettings settings;
  private final ClientFactory factory;
  private final WebClient client;
  private final CallLimit limit;
  private final HttpInvocations invocations;

  HttpAppChannel(AppChannelSettings settings) {
    this(settings, Metrics.NONE);
  }

  HttpAppChannel(AppChannelSettings settings, Metrics metrics) {
    this(settings, metrics, null);
  }

  /**
   * @param pipeline the app middleware pipeline, inside the metrics decorator; {@code null}: none. The health probe
   *     bypasses it ({@link AppChannels#HEALTH_PROBE}).
   */
  HttpAppChannel(AppChannelSettings settings, Metrics metrics, DecoratingHttpClientFunction pipeline) {
    this.settings = settings;
    DecoratingHttpClientFunction middleware = pipeline == null ? (d, c, r) -> d.execute(c, r) : pipeline;
    this.factory = clientFactory(settings);
    SessionProtocol protocol = switch (settings.protocol()) {
      case "https" -> SessionProtocol.H1;
      case "h2c" -> SessionProtocol.H2C;
      default -> SessionProtocol.H1C;
    };
    this.client = WebClient.builder(protocol, Endpoint.of(settings.address(), settings.port()))
        .factory(factory)
        .decorator(middleware)
        .decorator(AppChannelMetrics.decorator(metrics, settings.healthCheckPath()))
        .responseTimeout(settings.callTimeout())
        .writeTimeout(settings.callTimeout())
        .build();
    this.limit = new CallLimit(settings.maxConcurrency());
    this.invocations = new HttpInvocations(WebClient.builder(protocol, Endpoint.of(settings.address(),
        settings.port())).factory(factory).decorator(middleware)
        .decorator(AppChannelMetrics.decorator(metrics, settings.healthCheckPath()))
        .responseTimeoutMillis(0).writeTimeoutMillis(0).maxResponseLength(0).build(), settings,
        limit);
  }

  /** A client factory of its own, so that {@link #close()} releases exactly this channel's connections. */
  static ClientFactory clientFactory(AppChannelSettings settings) {
    var builder = RequestHeadersWithBody.on(ClientFactory.builder())
        .connectTimeout(settings.callTimeout().compareTo(MAX_CONNECT_TIMEOUT) < 0
            ? settings.callTimeout() : MAX_CONNECT_TIMEOUT);
    if (settings.tls()) {
      builder.tlsNoVerify();
    }
    return builder.build();
  }

  @Override
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    return AppPort.awaitOpen(settings.address(), settings.port(), timeout);
  }

  @Override
  public List<TopicSubscription> topicSubscriptions() throws AppChannelException {
    RequestHeadersBuilder headers = RequestHeaders.builder(HttpMethod.GET, SUBSCRIBE_PATH);
    addToken(headers);
    AggregatedHttpResponse response;
    try {
      response = call(HttpRequest.of(headers.build()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AppChannelException("GET " + SUBSCRIBE_PATH + ": interrupted");
    } catch (CallFailure e) {
      throw new AppChannelException("GET " + SUBSCRIBE_PATH + ": " + e.getMessage(), e.getCause());
    }
    int status = response.status().code();
    if (status == 404) {
      return List.of();
    }
    if (status != 200) {
      throw new AppChannelException("GET " + SUBSCRIBE_PATH + ": the app answered " + status
          + " (expected: 200, or 404 for no subscriptions): " + HttpReplies.excerpt(response.content().array()));
    }
    return SubscriptionsJson.parse(response.content().array());
  }

  /**
   * {@code GET} of the health check path, outside the concurrency limit and without the app token, as daprd's
   * probe; any 2xx is healthy.
   */
  @Override
  public ProbeResult probeHealth(Duration timeout) throws InterruptedException {
    String path = settings.healthCheckPath();
    HttpRequest request = HttpRequest.of(HttpMethod.GET, path);
    CompletableFuture<AggregatedHttpResponse> answer = client.execute(request,
        RequestOptions.builder().responseTimeout(timeout).attr(AppChannels.HEALTH_PROBE, true).build()).aggregate();
    try {
      int status = answer.get(timeout.toNanos() + TimeUnit.MILLISECONDS.toNanos(100), TimeUnit.NANOSECONDS)
          .status().code();
      return status >= 200 && status < 300 ? ProbeResult.HEALTHY
          : ProbeResult.unhealthy("GET " + path + ": health check failed with status code " + status);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ResponseTimeoutException) {
        return ProbeResult.unhealthy("GET " + path + ": no answer within " + timeout.toMillis() + " ms");
      }
      return ProbeResult.unhealthy("GET " + path + ": " + CallFailure.describe(e.getCause(), settings));
    } catch (TimeoutException e) {
      request.abort();
      return ProbeResult.unhealthy("GET " + path + ": no answer within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      request.abort();
      throw e;
    }
  }

  @Override
  public EventReply deliver(TopicEventDelivery event) {
    String path = requestPath(event.path());
    AggregatedHttpResponse response;
    try {
      RequestHeadersBuilder headers = RequestHeaders.builder(HttpMethod.POST, path)
          .contentType(MediaType.parse(CLOUDEVENT_CONTENT_TYPE));
      EventHeaders.http(event.metadata(), event.cloudEvent()).forEach(headers::set);
      addToken(headers);
      response = call(HttpRequest.of(headers.build(), HttpData.wrap(
          event.cloudEventJson() == null ? new byte[0] : event.cloudEventJson())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return EventReply.retry("POST " + path + ": interrupted");
    } catch (CallFailure e) {
      return EventReply.retry("POST " + path + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      return EventReply.retry("POST " + path + ": the request cannot be made: " + e.getMessage());
    }
    EventReply reply = HttpReplies.event(response.status().code(), response.content().array());
    return reply.status() == EventStatus.SUCCESS ? reply
        : new EventReply(reply.status(), reply.deadLetter(), "POST " + path + ": " + reply.reason());
  }

  /** {@code OPTIONS /<route>}: the app takes the binding on any 2xx or 405, as daprd. */
  @Override
  public boolean takesBinding(String name, String route) throws BindingDeliveryException {
    String path = requestPath(route);
    RequestHeadersBuilder headers = RequestHeaders.builder(HttpMethod.OPTIONS, path).contentType(MediaType.JSON);
    addToken(headers);
    AggregatedHttpResponse response;
    try {
      response = call(HttpRequest.of(headers.build()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BindingDeliveryException("could not invoke OPTIONS method on input binding subscription endpoint \""
          + route + "\": interrupted");
    } catch (CallFailure | IllegalArgumentException e) {
      throw new BindingDeliveryException("could not invoke OPTIONS method on input binding subscription endpoint \""
          + route + "\": " + e.getMessage(), e);
    }
    int code = response.status().code();
    return code / 100 == 2 || code == 405;
  }

  /**
   * {@code POST /<route>} with the event's data, {@code content-type: application/json} and its metadata as headers;
   * any status outside 2xx is a failure that carries the app's body, as daprd words it.
   */
  @Override
  public BindingEventReply deliverBindingEvent(BindingEventDelivery event) throws BindingDeliveryException {
    String path = requestPath(event.route());
    AggregatedHttpResponse response;
    try {
      RequestHeadersBuilder headers = RequestHeaders.builder(HttpMethod.POST, path).contentType(MediaType.JSON);
      EventHeaders.http(event.metadata(), Map.of()).forEach(headers::set);
      addToken(headers);
      response = call(HttpRequest.of(headers.build(), HttpData.wrap(event.data())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BindingDeliveryException("error invoking app: interrupted");
    } catch (CallFailure | IllegalArgumentException e) {
      throw new BindingDeliveryException("error invoking app: " + e.getMessage(), e);
    }
    int code = response.status().code();
    byte[] body = response.content().array();
    if (code < 200 || code > 299) {
      throw new BindingDeliveryException("fails to send binding event to http app channel, status code: " + code
          + " body: " + new String(body, StandardCharsets.UTF_8));
    }
    return BindingEventReply.of(body);
  }

  @Override
  public BulkEventReply deliverBulk(BulkTopicEventDelivery batch) {
    String path = requestPath(batch.path());
    List<String> entryIds = batch.entries().stream().map(BulkTopicEventDelivery.Entry::entryId).toList();
    AggregatedHttpResponse response;
    try {
      RequestHeadersBuilder headers = RequestHeaders.builder(HttpMethod.POST, path)
          .contentType(MediaType.JSON);
      Map<String, Object> firstEvent = batch.entries().isEmpty() || batch.entries().get(0).isRaw() ? Map.of()
          : batch.entries().get(0).cloudEvent();
      EventHeaders.http(batch.headerMetadata(), firstEvent).forEach(headers::set);
      addToken(headers);
      response = call(HttpRequest.of(headers.build(), HttpData.wrap(bulkBody(batch))));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return HttpReplies.all(entryIds, EventStatus.RETRY, "POST " + path + ": interrupted");
    } catch (CallFailure e) {
      return HttpReplies.all(entryIds, EventStatus.RETRY, "POST " + path + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      return HttpReplies.all(entryIds, EventStatus.RETRY, "POST " + path + ": the request cannot be made: "
          + e.getMessage());
    }
    BulkEventReply reply = HttpReplies.bulk(response.status().code(), response.content().array(), entryIds);
    return reply.reason().isEmpty() ? reply : new BulkEventReply(reply.statuses(), "POST " + path + ": "
        + reply.reason());
  }

  /**
   * The bulk body daprd sends: {@code {"entries":[{"entryId","event","metadata","contentType"}],"id","metadata",
   * "pubsubname","topic","type"}}, the keys in Go's (sorted) order.
   */
  static byte[] bulkBody(BulkTopicEventDelivery batch) {
    List<Map<String, Object>> entries = new ArrayList<>(batch.entries().size());
    for (BulkTopicEventDelivery.Entry entry : batch.entries()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("entryId", entry.entryId());
      if (entry.isRaw()) {
        item.put("event", Base64.getEncoder().encodeToString(entry.rawEvent()));
      } else {
        item.put("event", entry.cloudEvent());
      }
      item.put("metadata", entry.metadata());
      if (entry.isRaw() && (entry.contentType() == null || entry.contentType().isEmpty())) {
        item.put("contentType", RAW_CONTENT_TYPE);
      } else if (entry.contentType() != null && !entry.contentType().isEmpty()) {
        item.put("contentType", entry.contentType());
      }
      entries.add(item);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("entries", entries);
    body.put("id", batch.id());
    body.put("metadata", batch.metadata());
    body.put("pubsubname", batch.pubsubName());
    body.put("topic", batch.topic());
    body.put("type", BULK_EVENT_TYPE);
    return GoJson.marshal(body).getBytes(StandardCharsets.UTF_8);
  }

  /** The request path of a route: the route itself, with a leading {@code /} added when it has none. */
  static String requestPath(String route) {
    String path = route == null ? "" : route;
    return path.startsWith("/") ? path : "/" + path;
  }

  private void addToken(RequestHeadersBuilder headers) {
    if (settings.hasToken()) {
      headers.set(API_TOKEN_HEADER, settings.appApiToken());
    }
  }

  /** One call, inside the concurrency limit; blocks until the whole answer is in. */
  private AggregatedHttpResponse call(HttpRequest request) throws InterruptedException, CallFailure {
    limit.acquire();
    CompletableFuture<AggregatedHttpResponse> answer = null;
    try {
      answer = client.execute(request).aggregate();
      return answer.get();
    } catch (ExecutionException e) {
      throw new CallFailure(CallFailure.describe(e.getCause(), settings), e.getCause());
    } catch (InterruptedException e) {
      request.abort();
      throw e;
    } finally {
      limit.release();
    }
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
