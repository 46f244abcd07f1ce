package io.jdaprd.components.postgresql;

import io.jdaprd.spi.configuration.ConfigurationItem;
import io.jdaprd.spi.configuration.ConfigurationUpdate;
import io.jdaprd.spi.configuration.UpdateListener;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configuration subscription: a connection of its own that has run {@code LISTEN channel}, and a virtual thread
 * that waits for notifications and reports those of the subscription's keys. The payload is read by PostgreSQL
 * itself ({@code json_each_text} of its {@code data} object, field names compared in lower case, as contrib's), so
 * that no JSON parser is needed here. A payload that is not JSON, or has no object {@code data}, is logged and
 * skipped. Closing ends the thread and the connection.
 */
final class PostgresListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresListener.class);
  private static final int WAIT_MILLIS = 250;

  private final Connection connection;
  private final String id;
  private final List<String> keys;
  private final UpdateListener listener;
  private final Thread thread;
  private volatile boolean closed;

  private PostgresListener(Connection connection, String id, List<String> keys, UpdateListener listener) {
    this.connection = connection;
    this.id = id;
    this.keys = keys;
    this.listener = listener;
    this.thread = Thread.ofVirtual().name("config-pg-" + id).unstarted(this::run);
  }

  /** Connects as {@code where} says, listens on {@code channel} and starts reporting to {@code listener}. */
  static PostgresListener start(PostgresConnection where, String channel, String id, List<String> keys,
      UpdateListener listener) throws SQLException {
    Properties props = new Properties();
    props.putAll(where.properties());
    props.setProperty("user", where.user());
    if (where.password() != null) {
      props.setProperty("password", where.password());
    }
    Connection connection = DriverManager.getConnection(where.jdbcUrl(), props);
    try (Statement s = connection.createStatement()) {
      s.execute("LISTEN " + channel);
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    PostgresListener watch = new PostgresListener(connection, id, keys, listener);
    watch.thread.start();
    return watch;
  }

  private void run() {
    try {
      PGConnection pg = connection.unwrap(PGConnection.class);
      while (!closed) {
        PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
        if (notifications == null) {
          continue;
        }
        for (PGNotification n : notifications) {
          if (closed) {
            return;
          }
          handle(n.getParameter());
        }
      }
    } catch (SQLException e) {
      if (!closed) {
        LOG.error("error waiting for notification: {}", e.getMessage());
      }
    }
  }

  private void handle(String payload) {
    Map<String, String> row = new LinkedHashMap<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    try {
      read(row, "SELECT lower(k), v FROM json_each_text((?::json)->'data') AS t(k, v)", payload);
      String meta = row.get("metadata");
      if (meta != null) {
        read(metadata, "SELECT k, v FROM json_each_text(?::json) AS t(k, v)", meta);
      }
    } catch (SQLException e) {
      LOG.error("error in unmarshal: {}", e.getMessage());
      return;
    }
    String key = row.getOrDefault("key", "");
    if (!keys.isEmpty() && !keys.contains(key)) {
      LOG.debug("ignoring notification for {}", key);
      return;
    }
    ConfigurationItem item = new ConfigurationItem(row.get("value"), row.get("version"), metadata);
    try {
      listener.onUpdate(new ConfigurationUpdate(id, Map.of(key, item)));
    } catch (Exception e) {
      LOG.error("failed to call notify event handler : {}", e.toString());
    }
  }

  private void read(Map<String, String> into, String sql, String json) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      s.setString(1, json);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          into.put(r.getString(1), r.getString(2));
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      thread.join(WAIT_MILLIS * 4L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.debug("closing the listening connection: {}", e.getMessage());
    }
  }
}
