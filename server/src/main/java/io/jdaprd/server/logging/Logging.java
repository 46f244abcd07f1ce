package io.jdaprd.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import org.slf4j.LoggerFactory;

/** Configures Logback from the flags; called once, before the sidecar starts. */
public final class Logging {
  private Logging() {
  }

  /**
   * @param level daprd's level: debug, info, warn, error or fatal
   * @param json whether to write daprd's JSON lines
   */
  public static void configure(String level, boolean json, String appId, String version) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("console");
    if (json) {
      JsonLineLayout layout = new JsonLineLayout(appId, version);
      layout.setContext(context);
      layout.start();
      LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
      encoder.setContext(context);
      encoder.setLayout(layout);
      encoder.start();
      console.setEncoder(encoder);
    } else {
      PatternLayoutEncoder encoder = new PatternLayoutEncoder();
      encoder.setContext(context);
      encoder.setPattern("time=\"%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX}\" level=%level msg=\"%replace(%msg){'\\n', '\\\\n'}\" scope=%logger{0}"
          + " app_id=" + appId + ("debug".equals(level) ? "%n%ex" : "%nopex") + "%n");
      encoder.start();
      console.setEncoder(encoder);
    }
    console.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.addAppender(console);
    root.setLevel(switch (level) {
      case "debug" -> Level.DEBUG;
      case "warn" -> Level.WARN;
      case "error", "fatal" -> Level.ERROR;
      default -> Level.INFO;
    });
    // Both API servers register Armeria's shared executor meters on one registry; the duplicate is expected.
    context.getLogger("io.micrometer.core.instrument.MeterRegistry").setLevel(Level.ERROR);
    if (!"debug".equals(level)) {
      context.getLogger("com.linecorp.armeria").setLevel(Level.WARN);
      context.getLogger("io.netty").setLevel(Level.WARN);
    }
  }
}
