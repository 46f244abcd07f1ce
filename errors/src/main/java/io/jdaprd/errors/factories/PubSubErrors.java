package io.jdaprd.errors.factories;

import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorCode;
import io.jdaprd.golang.GoFmt;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Errors of the pub/sub API. Like daprd, the validation errors echo the request's metadata in their ErrorInfo
 * (HTTP: the {@code metadata.*} query parameters without the prefix; gRPC: the request's metadata map, which is
 * {@code null} when daprd sends none), and every ResourceInfo repeats the message as its description.
 */
public final class PubSubErrors {
  /** The component type daprd names in pub/sub errors. */
  public static final String RESOURCE_TYPE = "pubsub";

  private PubSubErrors() {
  }

  /** No pub/sub component is loaded. */
  public static DaprException notConfigured(String pubsub, Map<String, String> requestMetadata) {
    return DaprException.builder(ErrorCode.PUBSUB_NOT_CONFIGURED, pubsub).resource(RESOURCE_TYPE, pubsub)
        .errorInfoMetadata(requestMetadata).build();
  }

  /** The pub/sub name is empty. */
  public static DaprException nameEmpty(Map<String, String> requestMetadata) {
    return withResource(ErrorCode.PUBSUB_EMPTY, "", requestMetadata);
  }

  /** The named pub/sub does not exist. */
  public static DaprException notFound(String pubsub, Map<String, String> requestMetadata) {
    return DaprException.builder(ErrorCode.PUBSUB_NOT_FOUND, pubsub).resource(RESOURCE_TYPE, pubsub)
        .errorInfoMetadata(requestMetadata).build();
  }

  /** The topic is empty. */
  public static DaprException topicEmpty(String pubsub, Map<String, String> requestMetadata) {
    return withResource(ErrorCode.TOPIC_NAME_EMPTY, pubsub, requestMetadata, pubsub);
  }

  /** The request metadata does not parse, for example a {@code rawPayload} that is not a boolean. */
  public static DaprException metadataDeserialize(String pubsub, Map<String, String> requestMetadata, Object cause) {
    return withResource(ErrorCode.PUBSUB_REQUEST_METADATA, pubsub, requestMetadata, cause);
  }

  /** The CloudEvent envelope cannot be built (500 on HTTP, InvalidArgument on gRPC). */
  public static DaprException cloudEventCreation(String pubsub, String appId, Object cause) {
    return withResource(ErrorCode.PUBSUB_CLOUD_EVENTS_SER, pubsub, appError(appId, cause));
  }

  /** The envelope does not marshal; without a cause the message ends in {@code ": "}, as daprd's does. */
  public static DaprException marshalEnvelope(String pubsub, String topic, String appId, Object cause) {
    Map<String, String> metadata = appError(appId, cause);
    return withResource(ErrorCode.PUBSUB_MARSHAL_ENVELOPE, pubsub, metadata, topic, pubsub,
        metadata.getOrDefault("error", ""));
  }

  /** A bulk entry has an empty or duplicate {@code entryId}, or its event does not marshal. */
  public static DaprException marshalEvents(String pubsub, String topic, String appId, Object cause) {
    Map<String, String> metadata = appError(appId, cause);
    return withResource(ErrorCode.PUBSUB_MARSHAL_EVENTS, pubsub, metadata, topic, pubsub,
        metadata.getOrDefault("error", ""));
  }

  /** An HTTP bulk publish body is not a JSON array of entries. */
  public static DaprException unmarshalEvents(String pubsub, String topic, String appId, Object cause) {
    return withResource(ErrorCode.PUBSUB_UNMARSHAL_EVENTS, pubsub, appError(appId, null), topic, pubsub, cause);
  }

  /** The broker failed to publish. */
  public static DaprException publishMessage(String pubsub, String topic, Object cause) {
    return withResource(ErrorCode.PUBSUB_PUBLISH_MESSAGE, pubsub, topicError(topic, cause), topic, pubsub, cause);
  }

  /** Topic scoping denies the app this topic. */
  public static DaprException forbidden(String pubsub, String topic, String appId) {
    String message = GoFmt.sprintf(ErrorCode.PUBSUB_FORBIDDEN.template(), topic, appId);
    return withResource(ErrorCode.PUBSUB_FORBIDDEN, pubsub, topicError(topic, message), topic, appId);
  }

  /** The pub/sub disappeared between validation and publishing. */
  public static DaprException publishNotFound(String pubsub, String topic, Object cause) {
    return withResource(ErrorCode.PUBSUB_TEST_NOT_FOUND, pubsub, topicError(topic, cause), pubsub);
  }

  /** A state transaction with an outbox failed to publish its message. */
  public static DaprException outbox(String appId, Object cause) {
    return DaprException.builder(ErrorCode.PUBLISH_OUTBOX, cause).errorInfoMetadata(appError(appId, cause)).build();
  }

  private static DaprException withResource(ErrorCode code, String pubsub, Map<String, String> metadata,
      Object... args) {
    DaprException.Builder b = DaprException.builder(code, args);
    String message = GoFmt.sprintf(code.template(), args);
    return b.resourceInfo(RESOURCE_TYPE, pubsub, "", message).errorInfoMetadata(metadata).build();
  }

  private static Map<String, String> appError(String appId, Object cause) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("appID", appId == null ? "" : appId);
    if (cause != null) {
      metadata.put("error", GoFmt.text(cause));
    }
    return metadata;
  }

  private static Map<String, String> topicError(String topic, Object cause) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("topic", topic);
    metadata.put("error", GoFmt.text(cause));
    return metadata;
  }
}
