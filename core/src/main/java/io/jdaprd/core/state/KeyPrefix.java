package io.jdaprd.core.state;

import java.util.Locale;

/**
 * How a store's keys are prefixed, from the component's {@code keyPrefix} metadata: {@code appid} (the default,
 * {@code appid||key}), {@code name} ({@code store||key}), {@code namespace} ({@code ns.appid||key}), {@code none},
 * or any other literal ({@code literal||key}).
 */
public final class KeyPrefix {
  /** The separator daprd puts between prefix and key; user keys must not contain it. */
  public static final String SEPARATOR = "||";

  private final String prefix;

  private KeyPrefix(String prefix) {
    this.prefix = prefix;
  }

  /**
   * The strategy named by {@code keyPrefix} (case-insensitive) for a store.
   *
   * @param keyPrefix the metadata value, or {@code null} for the default
   * @param storeName the component's name
   * @param appId this sidecar's app id (may be empty)
   * @param namespace the {@code NAMESPACE}, or {@code null}
   * @throws IllegalArgumentException when a literal prefix contains {@code ||}
   */
  public static KeyPrefix of(String keyPrefix, String storeName, String appId, String namespace) {
    String strategy = keyPrefix == null || keyPrefix.isBlank() ? "appid" : keyPrefix.trim();
    String p = switch (strategy.toLowerCase(Locale.ROOT)) {
      case "appid" -> appId == null || appId.isEmpty() ? "" : appId;
      case "name" -> storeName;
      case "namespace" -> namespace == null || namespace.isEmpty()
          ? (appId == null ? "" : appId) : namespace + "." + appId;
      case "none" -> "";
      default -> {
        if (strategy.contains(SEPARATOR)) {
          throw new IllegalArgumentException(strategy);
        }
        yield strategy;
      }
    };
    return new KeyPrefix(p.isEmpty() ? "" : p + SEPARATOR);
  }

  /** The stored key for a user key. */
  public String apply(String key) {
    return prefix.isEmpty() ? key : prefix + key;
  }

  /** The user key of a stored key: the text after the first {@code ||}, as daprd strips it. */
  public static String strip(String storedKey) {
    int at = storedKey.indexOf(SEPARATOR);
    return at < 0 ? storedKey : storedKey.substring(at + SEPARATOR.length());
  }

  /** The prefix itself, {@code ||} included; empty for none. */
  public String value() {
    return prefix;
  }
}
