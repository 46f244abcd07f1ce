package io.jdaprd.core.lock;

import java.util.Locale;
import java.util.Map;

/**
 * How daprd turns a lock's resource id into the key its store holds, from the lock component's {@code keyPrefix}
 * metadata. Unlike state keys, every lock key starts with {@code lock||}; the strategy is read from the first
 * metadata entry whose name is {@code keyPrefix} in any case, and its value is lower-cased (a literal prefix too):
 *
 * <ul>
 *   <li>{@code appid} (the default): {@code lock||<appid>||<id>}, or {@code lock||<id>} without an app id;</li>
 *   <li>{@code name}: {@code lock||<store>||<id>};</li>
 *   <li>{@code none}: {@code lock||<id>};</li>
 *   <li>anything else (including {@code namespace}, which daprd does not know for locks, and the empty value):
 *       {@code lock||<value>||<id>}.</li>
 * </ul>
 *
 * <p>A strategy or resource id containing {@code ||} is refused with daprd's text
 * {@code input key/keyPrefix '<text>' can't contain '||'}.
 */
public final class LockKeys {
  /** The separator daprd puts between the parts of a lock key. */
  public static final String SEPARATOR = "||";
  private static final String API_PREFIX = "lock";
  private static final String METADATA_KEY = "keyprefix";

  private final String strategy;
  private final String storeName;
  private final String appId;

  private LockKeys(String strategy, String storeName, String appId) {
    this.strategy = strategy;
    this.storeName = storeName;
    this.appId = appId == null ? "" : appId;
  }

  /**
   * The keys of lock store {@code storeName}.
   *
   * @param metadata the component's metadata
   * @param appId this sidecar's app id (may be empty)
   * @throws IllegalArgumentException when the strategy contains {@code ||}; the message is daprd's
   */
  public static LockKeys of(Map<String, String> metadata, String storeName, String appId) {
    String strategy = "appid";
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      if (e.getKey().toLowerCase(Locale.ROOT).equals(METADATA_KEY)) {
        strategy = e.getValue() == null ? "" : e.getValue().toLowerCase(Locale.ROOT);
        break;
      }
    }
    String problem = illegal(strategy);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return new LockKeys(strategy, storeName, appId);
  }

  /** daprd's complaint about {@code text} containing {@code ||}, or {@code null} when it does not. */
  static String illegal(String text) {
    return text.contains(SEPARATOR) ? "input key/keyPrefix '" + text + "' can't contain '" + SEPARATOR + "'" : null;
  }

  /**
   * The stored key of {@code resourceId}.
   *
   * @throws IllegalArgumentException when the id contains {@code ||}; the message is daprd's
   */
  public String key(String resourceId) {
    String problem = illegal(resourceId);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    String base = API_PREFIX + SEPARATOR;
    return switch (strategy) {
      case "none" -> base + resourceId;
      case "name" -> base + storeName + SEPARATOR + resourceId;
      case "appid" -> appId.isEmpty() ? base + resourceId : base + appId + SEPARATOR + resourceId;
      default -> base + strategy + SEPARATOR + resourceId;
    };
  }
}
