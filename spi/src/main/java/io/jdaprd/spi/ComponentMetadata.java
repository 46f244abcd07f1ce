package io.jdaprd.spi;

import io.jdaprd.golang.GoDurations;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A component's configuration: its name, type, version, and the {@code spec.metadata} values with secret and
 * environment references already resolved. Metadata names are case-insensitive, as in Dapr. The typed getters
 * throw {@link ComponentException} with a message of the form {@code name: value (expected: ...)}.
 *
 * @param name the component's name, for example {@code statestore}
 * @param type the component's type, for example {@code state.sqlite}
 * @param version the component's version, for example {@code v1}
 * @param appId the app id of the sidecar that loads it
 * @param properties the metadata values
 */
public record ComponentMetadata(String name, String type, String version, String appId,
    Map<String, String> properties) {

  public ComponentMetadata {
    TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    copy.putAll(properties);
    properties = java.util.Collections.unmodifiableMap(copy);
  }

  /** The value of {@code key}, if set and not blank. */
  public Optional<String> get(String key) {
    String v = properties.get(key);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  /** The value of {@code key}, or {@code fallback}. */
  public String get(String key, String fallback) {
    return get(key).orElse(fallback);
  }

  /** The value of a required {@code key}. */
  public String require(String key) throws ComponentException {
    return get(key).orElseThrow(() -> new ComponentException(
        "component " + name + " (" + type + "): metadata " + key + " is required"));
  }

  /** An integer value of {@code key}, or {@code fallback} when unset. */
  public int getInt(String key, int fallback) throws ComponentException {
    Optional<String> v = get(key);
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.get());
    } catch (NumberFormatException e) {
      throw invalid(key, v.get(), "an integer");
    }
  }

  /** A boolean value of {@code key} ({@code true/false/1/0/yes/no/on/off}), or {@code fallback} when unset. */
  public boolean getBoolean(String key, boolean fallback) throws ComponentException {
    Optional<String> v = get(key);
    if (v.isEmpty()) {
      return fallback;
    }
    return switch (v.get().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on", "y" -> true;
      case "false", "0", "no", "off", "n" -> false;
      default -> throw invalid(key, v.get(), "true or false");
    };
  }

  /**
   * A duration value of {@code key}, or {@code fallback} when unset, read as Dapr's metadata decoder reads one: a Go
   * duration ({@code 500ms}, {@code 5s}, {@code 1h30m}, {@code -1s}) or a whole number of seconds.
   */
  public Duration getDuration(String key, Duration fallback) throws ComponentException {
    return getDuration(key, fallback, ChronoUnit.SECONDS);
  }

  /**
   * A duration value of {@code key}, or {@code fallback} when unset: a Go duration or a whole number of
   * {@code integerUnit}s, for the components whose Dapr decoder counts bare numbers in another unit than seconds
   * (the Redis ones count milliseconds).
   */
  public Duration getDuration(String key, Duration fallback, ChronoUnit integerUnit) throws ComponentException {
    Optional<String> v = get(key);
    if (v.isEmpty()) {
      return fallback;
    }
    return GoDurations.parseMetadata(v.get(), integerUnit)
        .orElseThrow(() -> invalid(key, v.get(), "a duration such as 500ms, 5s or 1m, or a number of "
            + (integerUnit == ChronoUnit.MILLIS ? "milliseconds" : integerUnit.toString().toLowerCase(Locale.ROOT))));
  }

  /** The error for a metadata value of the wrong form. */
  public ComponentException invalid(String key, String value, String expected) {
    return new ComponentException("component " + name + " (" + type + "): metadata " + key + ": " + value
        + " (expected: " + expected + ")");
  }
}
