package io.jdaprd.core.pubsub;

import com.fasterxml.jackson.databind.JsonNode;
import io.jdaprd.errors.factories.PubSubErrors;
import io.jdaprd.golang.GoJson;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * The bytes of an HTTP bulk publish entry, from the entry's JSON {@code event} and its {@code contentType}, as daprd
 * converts them: {@code application/octet-stream} takes a base64 string, {@code text/*} and {@code application/xml} a
 * string, {@code application/json} and {@code application/cloudevents+json} any JSON value (written again as Go's
 * {@code json.Marshal} writes it); anything else, or a value of the wrong kind, is daprd's "mismatch between contentType and event".
 */
public final class BulkPublishEvents {
  private static final String MISMATCH = "error: mismatch between contentType and event";

  private BulkPublishEvents() {
  }

  /**
   * The bytes to publish for one entry.
   *
   * @param event the entry's {@code event}, {@code null} when absent
   * @throws io.jdaprd.errors.DaprException ERR_PUBSUB_CLOUD_EVENTS_SER (daprd's envelope marshal error) naming
   *     {@code pubsubName}, {@code topic} and {@code appId}, when the event does not fit the content type
   */
  public static byte[] eventBytes(JsonNode event, String contentType, String pubsubName, String topic,
      String appId) {
    try {
      return eventBytes(event, contentType);
    } catch (IllegalArgumentException e) {
      throw PubSubErrors.marshalEnvelope(pubsubName, topic, appId, e.getMessage());
    }
  }

  /** The conversion, failing with daprd's error text as the message. */
  static byte[] eventBytes(JsonNode event, String contentType) {
    String type = contentType.toLowerCase(Locale.ROOT);
    int semicolon = type.indexOf(';');
    String bare = semicolon < 0 ? type : type.substring(0, semicolon);
    if (bare.equals("application/octet-stream")) {
      if (event == null || !event.isTextual()) {
        throw new IllegalArgumentException(MISMATCH);
      }
      try {
        return Base64.getDecoder().decode(event.asText());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "error: unable to decode base64 application/octect-stream data: illegal base64 data at input byte "
                + badBase64Index(event.asText()));
      }
    }
    if (type.startsWith("text/") || bare.equals("application/xml")) {
      if (event == null || !event.isTextual()) {
        throw new IllegalArgumentException(MISMATCH);
      }
      return event.asText().getBytes(StandardCharsets.UTF_8);
    }
    if (bare.equals("application/json") || bare.equals("application/cloudevents+json")) {
      return GoJson.marshal(event).getBytes(StandardCharsets.UTF_8);
    }
    throw new IllegalArgumentException(MISMATCH);
  }

  private static int badBase64Index(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok = Character.isLetterOrDigit(c) && c < 128 || c == '+' || c == '/' || c == '=';
      if (!ok) {
        return i;
      }
    }
    return text.length() - text.length() % 4;
  }
}
