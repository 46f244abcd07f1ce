package io.jdaprd.core.pubsub;

import java.util.Map;

/**
 * A publish request as an API adapter parsed it.
 *
 * @param pubsubName the pub/sub component ({@code {pubsubname}} / {@code pubsub_name})
 * @param topic the topic
 * @param data the body
 * @param contentType the body's content type; {@code null} or empty for the default ({@code text/plain})
 * @param metadata the request metadata ({@code metadata.*} query parameters / the gRPC {@code metadata} map)
 * @param transport the API it came through (daprd words some errors differently per transport)
 * @param traceparent the caller's W3C {@code traceparent}, or {@code null}
 * @param tracestate the caller's W3C {@code tracestate}, or {@code null}
 */
public record PublishCommand(String pubsubName, String topic, byte[] data, String contentType,
    Map<String, String> metadata, Transport transport, String traceparent, String tracestate) {
  public PublishCommand {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    data = data == null ? new byte[0] : data;
  }

  /** The API a request came through. */
  public enum Transport {
    /** The HTTP API. */
    HTTP,
    /** The gRPC API. */
    GRPC
  }
}
