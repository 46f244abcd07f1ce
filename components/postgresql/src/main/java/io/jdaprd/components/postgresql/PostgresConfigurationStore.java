package io.jdaprd.components.postgresql;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.configuration.ConfigurationException;
import io.jdaprd.spi.configuration.ConfigurationItem;
import io.jdaprd.spi.configuration.ConfigurationStore;
import io.jdaprd.spi.configuration.UpdateListener;
import io.jdaprd.spi.state.StateException;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code configuration.postgresql} (alias {@code configuration.postgres}): items in a table the operator creates, as
 * components-contrib reads it, with the columns {@code KEY}, {@code VALUE}, {@code VERSION} (text) and
 * {@code METADATA} (JSON object of strings). Several rows of one key are allowed: the one with the highest numeric
 * version wins (a version that is not a number counts as -1; among equals, the first row read). Keys may hold only
 * {@code [a-zA-Z0-9./_]}. A get with metadata adds, as contrib does, one {@code AND $n = $m} comparison per pair
 * (the name against the value, not a column), so metadata whose name and value differ selects nothing.
 *
 * <p>Subscriptions use contrib's {@code LISTEN/NOTIFY} contract: the operator creates a trigger that runs
 * {@code pg_notify(channel, payload)} on writes, where the payload is a JSON object whose {@code data} is the row
 * ({@code row_to_json(NEW)}); the channel is the component's {@code notifyChannel} (alias {@code pgNotifyChannel}),
 * else the subscription's {@code pgNotifyChannel} metadata. Each subscription listens on a connection of its own and
 * reports notifications of its keys (any key without keys) one at a time.
 *
 * <p>Metadata: {@code connectionString} and the connection fields of {@code state.postgresql}, {@code table}
 * (required, lower case), {@code notifyChannel}, {@code timeout} (20s). The table must exist at init.
 */
public final class PostgresConfigurationStore implements ConfigurationStore {
  /** The component type. */
  public static final String TYPE = "configuration.postgresql";

  private static final Logger LOG = LoggerFactory.getLogger(PostgresConfigurationStore.class);
  private static final int MAX_IDENTIFIER_LENGTH = 64;
  private static final Pattern KEY_CHARS = Pattern.compile("^[a-zA-Z0-9./_]*$");
  private static final Pattern NAME_CHARS = Pattern.compile("^[a-z0-9./_]*$");

  private final Map<String, PostgresListener> subscriptions = new ConcurrentHashMap<>();
  private PostgresDatabase database;
  private PostgresSettings settings;
  private String table;
  private String notifyChannel;

  @Override
  public void init(ComponentMetadata metadata) throws ComponentException {
    table = metadata.get("table", "");
    if (table.isEmpty()) {
      throw new ComponentException("missing postgreSQL configuration table name");
    }
    if (table.length() > MAX_IDENTIFIER_LENGTH) {
      throw new ComponentException("table name is too long - tableName : '" + table
          + "'. max allowed field length is " + MAX_IDENTIFIER_LENGTH);
    }
    if (!NAME_CHARS.matcher(table).matches()) {
      throw new ComponentException("invalid table name '" + table
          + "'. non-alphanumerics or upper cased table names are not supported");
    }
    notifyChannel = metadata.get("notifyChannel").or(() -> metadata.get("pgNotifyChannel")).orElse("");
    if (!notifyChannel.isEmpty()) {
      channelProblem(notifyChannel);
    }
    settings = PostgresSettings.from(metadata, System.getenv());
    database = new PostgresDatabase(metadata.name(), settings);
    boolean exists;
    try {
      exists = database.run("check table", c -> {
        try (PreparedStatement s = database.prepare(c, "SELECT EXISTS (SELECT FROM pg_tables where tablename = ?)")) {
          s.setString(1, table);
          try (ResultSet r = s.executeQuery()) {
            return r.next() && r.getBoolean(1);
          }
        }
      });
    } catch (StateException e) {
      database.close();
      throw new ComponentException("error in checking if configtable '" + table + "' exists: '" + e.getMessage()
          + "'", e);
    }
    if (!exists) {
      database.close();
      throw new ComponentException("postgreSQL configuration table '" + table + "' does not exist");
    }
  }

  private static void channelProblem(String channel) throws ConfigurationException {
    if (channel.length() > MAX_IDENTIFIER_LENGTH) {
      throw new ConfigurationException("notifyChannel name is too long - \"" + channel + "\". max allowed length is "
          + MAX_IDENTIFIER_LENGTH);
    }
    if (!NAME_CHARS.matcher(channel).matches()) {
      throw new ConfigurationException("invalid notifyChannel name \"" + channel
          + "\". non-alphanumerics or upper cased names are not supported");
    }
  }

  @Override
  public Map<String, ConfigurationItem> get(List<String> keys, Map<String, String> metadata)
      throws ConfigurationException {
    for (String key : keys) {
      if (!KEY_CHARS.matcher(key).matches()) {
        throw new ConfigurationException("invalid key : '" + key + "'");
      }
    }
    StringBuilder sql = new StringBuilder("SELECT key, value, version, ARRAY(SELECT k FROM json_each_text("
        + "metadata::json) AS m(k, v) ORDER BY k), ARRAY(SELECT v FROM json_each_text(metadata::json) AS m(k, v) "
        + "ORDER BY k) FROM " + table);
    List<String> params = new ArrayList<>();
    if (!keys.isEmpty()) {
      sql.append(" WHERE KEY IN (").append(String.join(" , ", keys.stream().map(k -> "?").toList())).append(')');
      params.addAll(keys);
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        sql.append(" AND ?::text = ?::text");
        params.add(e.getKey());
        params.add(e.getValue());
      }
    }
    try {
      return database.run("get", c -> {
        try (PreparedStatement s = database.prepare(c, sql.toString())) {
          for (int i = 0; i < params.size(); i++) {
            s.setString(i + 1, params.get(i));
          }
          Map<String, ConfigurationItem> items = new LinkedHashMap<>();
          Map<String, Integer> versions = new LinkedHashMap<>();
          try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
              String key = r.getString(1);
              ConfigurationItem item = new ConfigurationItem(r.getString(2), r.getString(3),
                  metadata(r.getArray(4), r.getArray(5)));
              int version = numeric(item.version());
              if (!items.containsKey(key) || version > versions.get(key)) {
                items.put(key, item);
                versions.put(key, version);
              }
            }
          }
          return items;
        }
      });
    } catch (StateException e) {
      throw new ConfigurationException("error in querying configuration store: '" + e.getMessage() + "'", e);
    }
  }

  private static Map<String, String> metadata(Array names, Array values) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    String[] n = (String[]) names.getArray();
    String[] v = (String[]) values.getArray();
    for (int i = 0; i < n.length; i++) {
      out.put(n[i], v[i]);
    }
    return out;
  }

  static int numeric(String version) {
    try {
      return Integer.parseInt(version);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public String subscribe(List<String> keys, Map<String, String> metadata, UpdateListener listener)
      throws ConfigurationException {
    String channel = notifyChannel;
    if (channel.isEmpty()) {
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        if (e.getKey().equalsIgnoreCase("pgNotifyChannel")) {
          channel = e.getValue();
          break;
        }
      }
    }
    if (channel.isEmpty()) {
      throw new ConfigurationException("unable to subscribe to \"" + table
          + "\". notifyChannel must be set in component metadata or request metadata");
    }
    channelProblem(channel);
    String id = UUID.randomUUID().toString();
    PostgresListener watch;
    try {
      watch = PostgresListener.start(settings.connection(), channel, id, List.copyOf(keys), listener);
    } catch (SQLException e) {
      throw new ConfigurationException("error listening to channel: " + database.reason(e), e);
    }
    subscriptions.put(id, watch);
    return id;
  }

  @Override
  public void unsubscribe(String id) throws ConfigurationException {
    PostgresListener watch = subscriptions.remove(id);
    if (watch == null) {
      throw new ConfigurationException("unable to find subscription with ID : " + id);
    }
    watch.close();
  }

  @Override
  public void close() {
    new ArrayList<>(subscriptions.keySet()).forEach(id -> {
      PostgresListener w = subscriptions.remove(id);
      if (w != null) {
        w.close();
      }
    });
    if (database != null) {
      database.close();
    }
    LOG.debug("configuration store on {} closed", table);
  }
}
