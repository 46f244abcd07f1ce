package io.jdaprd.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import org.slf4j.LoggerFactory;

/** Configures Logback from the flags; called once, before the sidecar starts. */
public final class Logging {
  /** daprd's loggers of API calls, which write at INFO whatever {@code --log-level} says, as daprd's do. */
  private static final String[] API_LOGGERS = {"dapr.runtime.http-info", "dapr.runtime.grpc.api-info"};

  private Logging() {
  }

  /**
   * @param level daprd's level: debug, info, warn, error or fatal
   * @param json whether to write daprd's JSON lines
   */
  public static void configure(String level, boolean json, String appId, String version) {
    configure(level, json, appId, version, null);
  }

  /**
   * {@link #configure(String, boolean, String, String)}, appending to {@code file} ({@code --log-file}, created when
   * missing) instead of writing to stdout when it is not {@code null}.
   *
   * @throws IllegalStateException when the file cannot be opened for appending
   */
  public static void configure(String level, boolean json, String appId, String version, String file) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    OutputStreamAppender<ILoggingEvent> appender;
    if (file == null) {
      appender = new ConsoleAppender<>();
    } else {
      FileAppender<ILoggingEvent> fileAppender = new FileAppender<>();
      fileAppender.setFile(file);
      fileAppender.setAppend(true);
      appender = fileAppender;
    }
    appender.setContext(context);
    appender.setName("out");
    LayoutBase<ILoggingEvent> layout = json ? new JsonLineLayout(appId, version)
        : new TextLineLayout(appId, "debug".equals(level));
    layout.setContext(context);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.start();
    appender.setEncoder(encoder);
    appender.start();
    if (!appender.isStarted()) {
      throw new IllegalStateException("--log-file: " + file + " (expected: a file that can be created or appended "
          + "to)");
    }
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.addAppender(appender);
    root.setLevel(switch (level) {
      case "debug" -> Level.DEBUG;
      case "warn" -> Level.WARN;
      case "error", "fatal" -> Level.ERROR;
      default -> Level.INFO;
    });
    for (String api : API_LOGGERS) {
      context.getLogger(api).setLevel(Level.INFO);
    }
    // Both API servers register Armeria's shared executor meters on one registry; the duplicate is expected.
    context.getLogger("io.micrometer.core.instrument.MeterRegistry").setLevel(Level.ERROR);
    if (!"debug".equals(level)) {
      context.getLogger("com.linecorp.armeria").setLevel(Level.WARN);
      context.getLogger("io.netty").setLevel(Level.WARN);
    }
  }
}
