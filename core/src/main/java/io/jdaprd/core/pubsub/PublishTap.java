package io.jdaprd.core.pubsub;

import java.util.Map;

/**
 * Sees every event the publish API handed to a broker, after the broker accepted it: a seam for in-process test
 * support (an embedded sidecar's "what was published" view), not used by the runtime itself. A tap runs on the
 * publishing thread, so it must be quick and must not throw; a tap that throws is ignored for that event.
 */
@FunctionalInterface
public interface PublishTap {
  /**
   * One accepted event.
   *
   * @param pubsub the pub/sub component's name
   * @param topic the topic
   * @param data the bytes the broker got (the CloudEvent envelope, or the raw payload with {@code rawPayload})
   * @param contentType their content type
   * @param metadata the request's metadata
   */
  void published(String pubsub, String topic, byte[] data, String contentType, Map<String, String> metadata);
}
