package io.jdaprd.server.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import org.slf4j.event.KeyValuePair;

/**
 * The plain log line: {@code time="..." level=INFO msg="..."}, then the event's fields in key order as Go's logrus
 * writes them ({@code code=200 method="GET /v1.0/state/s/k"}), then {@code scope=...} and {@code app_id=...}; with
 * the stack trace of a failure at debug level only.
 */
final class TextLineLayout extends LayoutBase<ILoggingEvent> {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
      .withZone(ZoneId.systemDefault());

  private final String appId;
  private final boolean stackTraces;

  TextLineLayout(String appId, boolean stackTraces) {
    this.appId = appId;
    this.stackTraces = stackTraces;
  }

  @Override
  public String doLayout(ILoggingEvent event) {
    StringBuilder out = new StringBuilder(160);
    out.append("time=\"").append(TIME.format(Instant.ofEpochMilli(event.getTimeStamp()))).append("\" level=")
        .append(event.getLevel()).append(" msg=\"").append(event.getFormattedMessage().replace("\n", "\\n"))
        .append('"');
    for (KeyValuePair kv : sorted(event.getKeyValuePairs())) {
      out.append(' ').append(kv.key).append('=').append(logrusValue(String.valueOf(kv.value)));
    }
    out.append(" scope=").append(scope(event.getLoggerName())).append(" app_id=").append(appId).append('\n');
    if (stackTraces && event.getThrowableProxy() != null) {
      out.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
    }
    return out.toString();
  }

  static List<KeyValuePair> sorted(List<KeyValuePair> pairs) {
    return pairs == null ? List.of() : pairs.stream().sorted(Comparator.comparing(kv -> kv.key)).toList();
  }

  /** daprd's scope: a logger named after daprd's ({@code dapr.runtime.http-info}) in full, else the class name. */
  static String scope(String logger) {
    return logger.startsWith("dapr.") ? logger : logger.substring(logger.lastIndexOf('.') + 1);
  }

  /** A value as logrus' text formatter writes it: bare when it needs no quoting, else Go-quoted. */
  static String logrusValue(String value) {
    boolean bare = true;
    for (int i = 0; i < value.length() && bare; i++) {
      char c = value.charAt(i);
      bare = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._/@^+".indexOf(c) >= 0;
    }
    if (bare) {
      return value;
    }
    StringBuilder q = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> q.append("\\\"");
        case '\\' -> q.append("\\\\");
        case '\n' -> q.append("\\n");
        case '\t' -> q.append("\\t");
        case '\r' -> q.append("\\r");
        default -> q.append(c);
      }
    }
    return q.append('"').toString();
  }
}
