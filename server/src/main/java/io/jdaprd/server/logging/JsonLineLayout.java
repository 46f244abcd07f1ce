package io.jdaprd.server.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;
import io.jdaprd.golang.GoJson;
import java.time.Instant;
import java.util.Locale;

/**
 * daprd's JSON log line: {@code {"app_id","instance","level","msg","scope","time","type":"log","ver"}}, keys sorted
 * as Go's logrus writes them, one object per line.
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
    String logger = event.getLoggerName();
    return new GoJson(256).raw('{').key("app_id", true).string(appId).key("instance", false).string(instance)
        .key("level", false).string(event.getLevel().toString().toLowerCase(Locale.ROOT)).key("msg", false)
        .string(message).key("scope", false).string(logger.substring(logger.lastIndexOf('.') + 1))
        .key("time", false).string(Instant.ofEpochMilli(event.getTimeStamp()).toString()).key("type", false)
        .string("log").key("ver", false).string(version).raw("}\n").toString();
  }
}
