package io.jdaprd.core.pubsub;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.jdaprd.golang.GoDurations;
import io.jdaprd.spi.pubsub.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The CloudEvents 1.0 envelope as daprd writes and reads it.
 *
 * <p>Publishing ({@link #envelope}): unless the body already is a CloudEvent ({@code application/cloudevents+json}),
 * the body is wrapped in a new envelope whose {@code data} depends on the content type: the parsed JSON value for
 * {@code application/json} (a JSON string when it does not parse), base64 in {@code data_base64} for
 * {@code application/octet-stream} and {@code application/cloudevents+protobuf}, the body as a JSON string otherwise.
 * The {@code cloudevent.*} request metadata overrides the envelope fields (keys compared ignoring case). A
 * {@code ttl} / {@code ttlInSeconds} metadata adds an {@code expiration} only when the broker cannot expire messages
 * itself. {@link #toJson} writes the envelope as daprd's Go encoder does: keys sorted at every level, {@code <},
 * {@code >} and {@code &} escaped.
 *
 * <p>Subscribing ({@link #readDelivered}): a delivered message is parsed into the CloudEvent map, or synthesized
 * around the raw bytes for a {@code rawPayload} subscription; {@link #isExpired} tells whether its
 * {@code expiration} has passed.
 */
public final class CloudEvents {

  /** The content type of a CloudEvent in structured JSON mode. */
  public static final String CONTENT_TYPE = "application/cloudevents+json";
  /** The event type daprd gives to events it wraps. */
  public static final String DEFAULT_TYPE = "com.dapr.event.sent";
  /** The source used when none is known. */
  public static final String DEFAULT_SOURCE = "Dapr";
  /** The data content type used when the request has none. */
  public static final String DEFAULT_DATA_CONTENT_TYPE = "text/plain";
  /** The CloudEvents version daprd writes. */
  public static final String SPEC_VERSION = "1.0";

  /** The metadata key prefix of the binary content mode headers a broker may deliver ({@code ce_id}, ...). */
  static final String BINARY_HEADER_PREFIX = "ce_";

  private static final DateTimeFormatter RFC3339_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .build();
  /** Reads the first JSON value and ignores what follows it, as Go's {@code json.Decoder} does. */
  private static final ObjectReader FIRST_VALUE_READER = MAPPER.readerFor(Object.class);
  /** Reads exactly one JSON value, as Go's {@code json.Unmarshal} does. */
  private static final ObjectReader WHOLE_VALUE_READER =
      MAPPER.readerFor(Object.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  static {
    MAPPER.getFactory().setCharacterEscapes(new GoCharacterEscapes());
  }

  private final Clock clock;
  private final Supplier<String> ids;

  /**
   * @param clock the time of {@code time} and {@code expiration}; {@code time} is written in the clock's zone
   * @param ids the source of event ids for envelopes without one
   */
  public CloudEvents(Clock clock, Supplier<String> ids) {
    this.clock = clock;
    this.ids = ids;
  }

  /** The system clock in the default zone (as daprd writes local time) and random UUIDs. */
  public static CloudEvents systemDefault() {
    return new CloudEvents(Clock.systemDefaultZone(), () -> UUID.randomUUID().toString());
  }

  /**
   * What one publish brings to the envelope.
   *
   * @param body the request body
   * @param contentType the request content type; {@code null} or empty for {@code text/plain}
   * @param pubsubName the pub/sub component
   * @param topic the topic
   * @param sourceAppId the publishing app's id, the default {@code source}
   * @param metadata the request metadata ({@code cloudevent.*} overrides, {@code ttl} / {@code ttlInSeconds})
   * @param traceparent the W3C trace parent of the publish, or {@code null}
   * @param tracestate the W3C trace state of the publish, or {@code null}
   * @param brokerHasNativeTtl whether the broker expires messages itself (then no {@code expiration} is added)
   */
  public record Request(byte[] body, String contentType, String pubsubName, String topic, String sourceAppId,
      Map<String, String> metadata, String traceparent, String tracestate, boolean brokerHasNativeTtl) {
    public Request {
      body = body == null ? new byte[0] : body;
      contentType = contentType == null ? "" : contentType;
      sourceAppId = sourceAppId == null ? "" : sourceAppId;
      metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
      traceparent = traceparent == null ? "" : traceparent;
      tracestate = tracestate == null ? "" : tracestate;
    }
  }

  /** A payload that should be a CloudEvent (a JSON object) and is not. */
  public static final class NotACloudEventException extends Exception {
    private static final long serialVersionUID = 1L;

    NotACloudEventException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Builds the envelope of one publish.
   *
   * @return the envelope; a mutable map the caller may still change before {@link #toJson}
   * @throws NotACloudEventException when the content type says CloudEvent and the body is not a JSON object
   *     (daprd answers {@code ERR_PUBSUB_CLOUD_EVENTS_SER})
   */
  public Map<String, Object> envelope(Request request) throws NotACloudEventException {
    Map<String, Object> envelope = isContentType(request.contentType(), CONTENT_TYPE)
        ? fromCloudEvent(request)
        : wrap(request);
    addExpiration(envelope, request);
    return envelope;
  }

  /** The envelope of one publish as the JSON bytes daprd would send to the broker. */
  public byte[] envelopeJson(Request request) throws NotACloudEventException {
    return toJson(envelope(request));
  }

  private Map<String, Object> wrap(Request request) {
    Overrides overrides = Overrides.from(request.metadata());
    String id = overrides.value("id", "");
    String source = overrides.value("source", request.sourceAppId());
    String type = overrides.value("type", "");
    String subject = overrides.value("subject", "");
    String traceid = overrides.value("traceid", request.traceparent());
    String tracestate = overrides.value("tracestate", request.tracestate());
    String traceparent = overrides.value("traceparent", "");
    if (!traceparent.isEmpty()) {
      traceid = traceparent;
    }
    String contentType = request.contentType().isEmpty() ? DEFAULT_DATA_CONTENT_TYPE : request.contentType();

    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("id", id.isEmpty() ? ids.get() : id);
    envelope.put("specversion", SPEC_VERSION);
    envelope.put("datacontenttype", contentType);
    envelope.put("source", source.isEmpty() ? DEFAULT_SOURCE : source);
    envelope.put("type", type.isEmpty() ? DEFAULT_TYPE : type);
    envelope.put("topic", request.topic());
    envelope.put("pubsubname", request.pubsubName());
    envelope.put("traceid", traceid);
    envelope.put("traceparent", traceid);
    envelope.put("tracestate", tracestate);
    envelope.put("time", OffsetDateTime.now(clock).format(RFC3339_SECONDS));
    if (isContentType(contentType, "application/json")) {
      envelope.put("data", parseJsonOrString(request.body()));
    } else if (isContentType(contentType, "application/octet-stream")
        || isContentType(contentType, "application/cloudevents+protobuf")) {
      envelope.put("data_base64", Base64.getEncoder().encodeToString(request.body()));
    } else {
      envelope.put("data", new String(request.body(), StandardCharsets.UTF_8));
    }
    if (!subject.isEmpty()) {
      envelope.put("subject", subject);
    }
    return envelope;
  }

  private Map<String, Object> fromCloudEvent(Request request) throws NotACloudEventException {
    Object parsed;
    try {
      parsed = FIRST_VALUE_READER.readValue(request.body());
    } catch (IOException e) {
      throw new NotACloudEventException("cloud event: not valid JSON (expected: a JSON object)", e);
    }
    Map<String, Object> envelope = asObject(parsed);
    if (!envelope.containsKey("time")) {
      envelope.put("time", OffsetDateTime.now(clock).format(RFC3339_SECONDS));
    }
    if (!envelope.containsKey("traceid")) {
      envelope.put("traceid", request.traceparent());
      envelope.put("traceparent", request.traceparent());
    }
    if (!envelope.containsKey("tracestate")) {
      envelope.put("tracestate", request.tracestate());
    }
    envelope.put("topic", request.topic());
    envelope.put("pubsubname", request.pubsubName());
    fillWhenNull(envelope, "source", DEFAULT_SOURCE);
    fillWhenNull(envelope, "type", DEFAULT_TYPE);
    fillWhenNull(envelope, "specversion", SPEC_VERSION);
    return envelope;
  }

  private void addExpiration(Map<String, Object> envelope, Request request) {
    if (request.brokerHasNativeTtl()) {
      return;
    }
    timeToLive(request.metadata()).ifPresent(ttl -> envelope.put("expiration",
        OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).plus(ttl).format(RFC3339_SECONDS)));
  }

  /**
   * The time to live the publish metadata asks for, read as daprd reads it: {@code ttl} (a Go duration such as
   * {@code 90s}, or whole seconds), else {@code ttlInSeconds}; keys compared ignoring case. A value that is neither,
   * or a negative number of seconds, asks for nothing (daprd ignores it when building the envelope); {@code 0} and
   * negative Go durations ({@code -5s}) count as zero.
   */
  public static Optional<Duration> timeToLive(Map<String, String> metadata) {
    String value = metadataValue(metadata, "ttl");
    if (value == null) {
      value = metadataValue(metadata, "ttlInSeconds");
    }
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    Optional<Duration> duration = GoDurations.parse(value);
    if (duration.isPresent()) {
      return Optional.of(duration.get().isNegative() ? Duration.ZERO : duration.get());
    }
    try {
      long seconds = Long.parseLong(value);
      return seconds <= 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Reads a message the broker delivered into the CloudEvent map, as daprd does before routing it.
   *
   * <ul>
   *   <li>with {@code rawPayload}, an envelope is synthesized around the bytes ({@link #fromRawPayload});</li>
   *   <li>with an {@code application/octet-stream} content type, the envelope is rebuilt from the binary-mode
   *       {@code ce_*} metadata, with the bytes in {@code data};</li>
   *   <li>otherwise the bytes must be a JSON object.</li>
   * </ul>
   * A {@code traceid} / {@code traceparent} / {@code tracestate} the envelope lacks is taken from the message
   * metadata.
   *
   * @throws NotACloudEventException when the bytes must be a JSON object and are not (daprd retries the message or
   *     sends it to the dead-letter topic)
   */
  public Map<String, Object> readDelivered(Message message, String pubsubName, boolean rawPayload)
      throws NotACloudEventException {
    Map<String, String> metadata = message.metadata();
    String contentType = message.contentType() != null ? message.contentType()
        : metadata.getOrDefault("content-type", CONTENT_TYPE);
    byte[] data = message.data() == null ? new byte[0] : message.data();
    Map<String, Object> event;
    if (rawPayload) {
      event = fromRawPayload(data, message.topic(), pubsubName);
      if (metadata.containsKey("traceid")) {
        event.put("traceid", metadata.get("traceid"));
      }
      if (metadata.containsKey("traceparent")) {
        event.put("traceparent", metadata.get("traceparent"));
        event.put("traceid", metadata.get("traceparent"));
      }
      if (metadata.containsKey("tracestate")) {
        event.put("tracestate", metadata.get("tracestate"));
      }
      return event;
    }
    if (isContentType(contentType, "application/octet-stream")) {
      event = new LinkedHashMap<>();
      for (Map.Entry<String, String> entry : metadata.entrySet()) {
        String key = entry.getKey().toLowerCase(Locale.ROOT);
        if (key.startsWith(BINARY_HEADER_PREFIX)) {
          event.put(key.substring(BINARY_HEADER_PREFIX.length()), entry.getValue());
        }
      }
      event.put("data", data);
      event.put("datacontenttype", contentType);
      return event;
    }
    event = parse(data);
    if (!event.containsKey("traceid") && metadata.containsKey("traceid")) {
      event.put("traceid", metadata.get("traceid"));
    }
    if (!event.containsKey("traceparent") && metadata.containsKey("traceparent")) {
      event.put("traceparent", metadata.get("traceparent"));
      event.put("traceid", metadata.get("traceparent"));
    }
    if (!event.containsKey("tracestate") && metadata.containsKey("tracestate")) {
      event.put("tracestate", metadata.get("tracestate"));
    }
    return event;
  }

  /**
   * Parses bytes that must hold exactly one JSON object (a structured-mode CloudEvent).
   *
   * @throws NotACloudEventException when they do not
   */
  public static Map<String, Object> parse(byte[] data) throws NotACloudEventException {
    Object parsed;
    try {
      parsed = WHOLE_VALUE_READER.readValue(data);
    } catch (IOException e) {
      throw new NotACloudEventException("cloud event: not valid JSON (expected: a JSON object)", e);
    }
    return asObject(parsed);
  }

  /**
   * The envelope daprd makes up for a message of a {@code rawPayload} subscription: a random id, source
   * {@code Dapr}, type {@code com.dapr.event.sent}, content type {@code application/octet-stream} and the bytes
   * in {@code data_base64}.
   */
  public Map<String, Object> fromRawPayload(byte[] data, String topic, String pubsubName) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("id", ids.get());
    event.put("specversion", SPEC_VERSION);
    event.put("datacontenttype", "application/octet-stream");
    event.put("source", DEFAULT_SOURCE);
    event.put("type", DEFAULT_TYPE);
    event.put("topic", topic);
    event.put("pubsubname", pubsubName);
    event.put("data_base64", Base64.getEncoder().encodeToString(data == null ? new byte[0] : data));
    return event;
  }

  /**
   * Whether the event's {@code expiration} (RFC 3339) lies before {@code now}. An event without one, or with one
   * that does not parse, never expires.
   */
  public static boolean isExpired(Map<String, Object> event, Instant now) {
    if (!(event.get("expiration") instanceof String expiration) || expiration.isEmpty()) {
      return false;
    }
    try {
      return OffsetDateTime.parse(expiration, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().isBefore(now);
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /**
   * Writes an event as JSON the way daprd's Go encoder does: object keys sorted at every level, {@code <},
   * {@code >}, {@code &}, U+2028 and U+2029 written as {@code \\u} escapes, byte arrays as base64 strings.
   */
  public static byte[] toJson(Map<String, Object> event) {
    return toGoJson(event);
  }

  /** Writes any JSON-like value (map, list, string, number, boolean, {@code null}, bytes) as {@link #toJson} does. */
  public static byte[] toGoJson(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Whether {@code contentType} is {@code expected}, ignoring case and any parameters after a {@code ;} (as daprd
   * compares them: no spaces are trimmed).
   */
  public static boolean isContentType(String contentType, String expected) {
    String lower = contentType.toLowerCase(Locale.ROOT);
    int semicolon = lower.indexOf(';');
    return (semicolon >= 0 ? lower.substring(0, semicolon) : lower).equals(expected);
  }

  private static Object parseJsonOrString(byte[] body) {
    try {
      return FIRST_VALUE_READER.readValue(body);
    } catch (IOException e) {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asObject(Object parsed) throws NotACloudEventException {
    if (parsed instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    String kind = parsed == null ? "null" : parsed instanceof String ? "a string"
        : parsed instanceof List<?> ? "an array" : parsed instanceof Boolean ? "a boolean" : "a number";
    throw new NotACloudEventException("cloud event: " + kind + " (expected: a JSON object)", null);
  }

  private static void fillWhenNull(Map<String, Object> envelope, String key, String value) {
    if (envelope.get(key) == null) {
      envelope.put(key, value);
    }
  }

  private static String metadataValue(Map<String, String> metadata, String key) {
    String exact = metadata.get(key);
    if (exact != null) {
      return exact;
    }
    for (Map.Entry<String, String> entry : metadata.entrySet()) {
      if (entry.getKey().equalsIgnoreCase(key)) {
        return entry.getValue();
      }
    }
    return null;
  }

  /** The {@code cloudevent.*} overrides of the request metadata; a key present with an empty value still counts. */
  private record Overrides(Map<String, String> metadata) {
    static Overrides from(Map<String, String> metadata) {
      return new Overrides(metadata);
    }

    String value(String field, String otherwise) {
      String value = metadataValue(metadata, "cloudevent." + field);
      return value == null ? otherwise : value;
    }
  }

  /** The escapes Go's {@code encoding/json} applies beyond JSON's own, with lowercase hex digits as Go writes. */
  private static final class GoCharacterEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] asciiEscapes;

    GoCharacterEscapes() {
      asciiEscapes = CharacterEscapes.standardAsciiEscapesForJSON();
      for (int c = 0; c < 0x20; c++) {
        if (c != '\b' && c != '\f' && c != '\n' && c != '\r' && c != '\t') {
          asciiEscapes[c] = CharacterEscapes.ESCAPE_CUSTOM;
        }
      }
      asciiEscapes['<'] = CharacterEscapes.ESCAPE_CUSTOM;
      asciiEscapes['>'] = CharacterEscapes.ESCAPE_CUSTOM;
      asciiEscapes['&'] = CharacterEscapes.ESCAPE_CUSTOM;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return asciiEscapes;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      if (ch < 0x80 || ch == 0x2028 || ch == 0x2029) {
        return new SerializedString(String.format("\\u%04x", ch));
      }
      return null;
    }
  }
}
