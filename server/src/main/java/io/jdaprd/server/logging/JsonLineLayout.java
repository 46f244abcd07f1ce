package io.jdaprd.server.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;
import io.jdaprd.golang.GoJson;
import java.time.Instant;
import java.util.Locale;

/**
 * daprd's JSON log line: {@code {"app_id","instance","level","msg","scope","time","type":"log","ver"}} and the
 * event's fields (numbers as numbers), keys sorted as Go's logrus writes them, one object per line.
 */
final class JsonLineLayout extends LayoutBase<ILoggingEvent> {
  private final String appId;
  private final String version;
  private final String instance;

  JsonLineLayout(String appId, String version) {
    this.appId = appId;
    this.version = version;
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = "localhost";
    }
    this.instance = host;
  }

  @Override
  public String doLayout(ILoggingEvent event) {
    String message = event.getFormattedMessage();
    if (event.getThrowableProxy() != null) {
      message = message + ": " + event.getThrowableProxy().getClassName() + ": "
          + event.getThrowableProxy().getMessage();
    }
    java.util.TreeMap<String, Object> fields = new java.util.TreeMap<>();
    for (org.slf4j.event.KeyValuePair kv : TextLineLayout.sorted(event.getKeyValuePairs())) {
      fields.put(kv.key, kv.value);
    }
    fields.put("app_id", appId);
    fields.put("instance", instance);
    fields.put("level", event.getLevel().toString().toLowerCase(Locale.ROOT));
    fields.put("msg", message);
    fields.put("scope", TextLineLayout.scope(event.getLoggerName()));
    fields.put("time", Instant.ofEpochMilli(event.getTimeStamp()).toString());
    fields.put("type", "log");
    fields.put("ver", version);
    GoJson json = new GoJson(256).raw('{');
    boolean first = true;
    for (java.util.Map.Entry<String, Object> field : fields.entrySet()) {
      json.key(field.getKey(), first);
      first = false;
      if (field.getValue() instanceof Number n) {
        json.raw(n.toString());
      } else {
        json.string(String.valueOf(field.getValue()));
      }
    }
    return json.raw("}\n").toString();
  }
}
