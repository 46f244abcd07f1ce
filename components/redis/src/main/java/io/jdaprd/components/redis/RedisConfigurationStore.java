package io.jdaprd.components.redis;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.configuration.ConfigurationException;
import io.jdaprd.spi.configuration.ConfigurationItem;
import io.jdaprd.spi.configuration.ConfigurationStore;
import io.jdaprd.spi.configuration.ConfigurationUpdate;
import io.jdaprd.spi.configuration.UpdateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code configuration.redis}: configuration items in Redis as components-contrib lays them out, so that apps of
 * daprd and of jdaprd see the same items. An item is a plain string key whose value is {@code value||version} (no
 * {@code ||}: no version; a third part is ignored); a key that does not exist, holds another type or an empty value
 * is left out of a get; a get without keys reads every key ({@code KEYS *}). Items carry no metadata.
 *
 * <p>Subscriptions watch keyspace notifications: the store asks Redis for {@code notify-keyspace-events Kg$xe} (as
 * contrib, ignoring a refusal), then listens on {@code __keyspace@{db}__:{key}} for each key, or on the pattern
 * {@code __keyspace@{db}__:*} without keys, on a connection of its own per subscription. Each notification reads
 * the key again and reports it (a key that is gone as an item with nothing set), one update at a time per
 * subscription. Metadata: that of {@code state.redis} (see {@link RedisStateStore}).
 */
public final class RedisConfigurationStore implements ConfigurationStore {
  /** The component type. */
  public static final String TYPE = "configuration.redis";

  private static final Logger LOG = LoggerFactory.getLogger(RedisConfigurationStore.class);
  private static final String SEPARATOR = "||";

  private final Map<String, Watch> watches = new ConcurrentHashMap<>();
  private String name;
  private RedisSettings settings;
  private RedisFailures failures;
  private RedisLink link;

  @Override
  public void init(ComponentMetadata metadata) throws ComponentException {
    name = metadata.name();
    settings = RedisSettings.from(metadata);
    failures = new RedisFailures("redis store " + name, settings);
    link = RedisLink.open(settings, "redis store " + name);
  }

  /** Sends {@code PING}. */
  @Override
  public void check() throws ComponentException {
    call("ping", c -> c.ping());
  }

  @Override
  public Map<String, ConfigurationItem> get(List<String> keys, Map<String, String> metadata)
      throws ConfigurationException {
    List<String> wanted = keys;
    if (wanted.isEmpty()) {
      wanted = call("get all keys", c -> c.keys("*"));
    }
    Map<String, ConfigurationItem> items = new LinkedHashMap<>();
    for (String key : wanted) {
      byte[] raw;
      try {
        raw = link.call(c -> c.get(key));
      } catch (ExecutionException | RuntimeException e) {
        if (RedisFailures.wrongType(e)) {
          LOG.warn("redis key {} 's type is not supported, ignore it", key);
          continue;
        }
        throw new ConfigurationException("fail to get configuration for redis key=" + key + ", error is "
            + failures.message("get", e), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConfigurationException("fail to get configuration for redis key=" + key + ", error is "
            + failures.message("get", e), e);
      }
      if (raw == null) {
        continue;
      }
      ConfigurationItem item = decode(new String(raw, StandardCharsets.UTF_8));
      if (!item.value().isEmpty()) {
        items.put(key, item);
      }
    }
    return items;
  }

  /** {@code value||version} as contrib splits it. */
  static ConfigurationItem decode(String stored) {
    int cut = stored.indexOf(SEPARATOR);
    if (cut < 0) {
      return ConfigurationItem.of(stored, "");
    }
    String rest = stored.substring(cut + SEPARATOR.length());
    int next = rest.indexOf(SEPARATOR);
    return ConfigurationItem.of(stored.substring(0, cut), next < 0 ? rest : rest.substring(0, next));
  }

  @Override
  public String subscribe(List<String> keys, Map<String, String> metadata, UpdateListener listener)
      throws ConfigurationException {
    try {
      link.call(c -> c.configSet("notify-keyspace-events", "Kg$xe"));
    } catch (ExecutionException | RuntimeException e) {
      LOG.debug("redis store {}: notify-keyspace-events not set: {}", name, RedisFailures.describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConfigurationException("redis store " + name + ": interrupted", e);
    }
    String id = UUID.randomUUID().toString();
    Watch watch = new Watch(id, listener);
    try {
      watch.start(keys);
    } catch (RuntimeException | ExecutionException | InterruptedException | TimeoutException e) {
      watch.close();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new ConfigurationException(failures.message("subscribe", e), e);
    }
    watches.put(id, watch);
    return id;
  }

  @Override
  public void unsubscribe(String id) throws ConfigurationException {
    Watch watch = watches.remove(id);
    if (watch == null) {
      throw new ConfigurationException("subscription with id " + id + " does not exist");
    }
    watch.close();
  }

  @Override
  public void close() {
    new ArrayList<>(watches.keySet()).forEach(id -> {
      Watch w = watches.remove(id);
      if (w != null) {
        w.close();
      }
    });
    if (link != null) {
      link.close();
    }
  }

  private String channelPrefix() {
    return "__keyspace@" + settings.database() + "__:";
  }

  private <T> T call(String operation, java.util.function.Function<
      io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands<String, byte[]>,
      ? extends java.util.concurrent.CompletionStage<T>> send) throws ConfigurationException {
    try {
      return link.call(send);
    } catch (ExecutionException | RuntimeException e) {
      throw new ConfigurationException(failures.message(operation, e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConfigurationException(failures.message(operation, e), e);
    }
  }

  /** One subscription: its own connection, and one thread reporting its notifications in order. */
  private final class Watch extends RedisPubSubAdapter<String, byte[]> {
    private final String id;
    private final UpdateListener listener;
    private final ExecutorService reports;
    private StatefulRedisPubSubConnection<String, byte[]> connection;
    private volatile boolean closed;

    Watch(String id, UpdateListener listener) {
      this.id = id;
      this.listener = listener;
      this.reports = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("config-redis-" + id).factory());
    }

    void start(List<String> keys) throws ExecutionException, InterruptedException, TimeoutException {
      connection = link.pubSub();
      connection.addListener(this);
      if (keys.isEmpty()) {
        connection.async().psubscribe(channelPrefix() + "*").get(settings.dialTimeout().toMillis() + 2000,
            TimeUnit.MILLISECONDS);
      } else {
        String[] channels = keys.stream().map(k -> channelPrefix() + k).toArray(String[]::new);
        connection.async().subscribe(channels).get(settings.dialTimeout().toMillis() + 2000, TimeUnit.MILLISECONDS);
      }
    }

    @Override
    public void message(String channel, byte[] message) {
      report(channel);
    }

    @Override
    public void message(String pattern, String channel, byte[] message) {
      report(channel);
    }

    private void report(String channel) {
      if (closed || !channel.startsWith(channelPrefix())) {
        return;
      }
      String key = channel.substring(channelPrefix().length());
      try {
        reports.execute(() -> changed(key));
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // closed meanwhile
      }
    }

    private void changed(String key) {
      if (closed) {
        return;
      }
      Map<String, ConfigurationItem> items;
      try {
        items = get(List.of(key), Map.of());
      } catch (ConfigurationException e) {
        LOG.error("redis store {}: get response from redis failed: {}", name, e.getMessage());
        return;
      }
      if (items.isEmpty()) {
        items = Map.of(key, ConfigurationItem.of("", ""));
      }
      try {
        listener.onUpdate(new ConfigurationUpdate(id, items));
      } catch (Exception e) {
        LOG.error("redis store {}: fail to call handler to notify event for configuration update subscribe: {}",
            name, e.toString());
      }
    }

    void close() {
      closed = true;
      reports.shutdownNow();
      if (connection != null) {
        try {
          connection.close();
        } catch (RuntimeException e) {
          LOG.debug("redis store {}: closing subscription {}: {}", name, id, e.toString());
        }
      }
    }
  }
}
