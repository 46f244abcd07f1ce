package io.jdaprd.components.bindings;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.bindings.BindingEvent;
import io.jdaprd.spi.bindings.BindingException;
import io.jdaprd.spi.bindings.BindingReader;
import io.jdaprd.spi.bindings.InputBinding;
import io.jdaprd.spi.bindings.InputHandler;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code bindings.cron}: an input binding that fires on the {@code schedule} metadata ({@link CronSchedule}'s
 * syntax, in the system's zone unless the schedule starts with {@code CRON_TZ=<zone>} or {@code TZ=<zone>}). Each
 * tick is an event without data whose metadata tells {@code timeZone} ({@code Local}, the scheduler's zone as Dapr
 * names it) and {@code readTimeUTC} (Go's rendering of the time); a handler failure is logged and the next tick comes
 * as planned (a timer does not redeliver). Once closed, the component reads no more.
 */
public final class CronBinding implements InputBinding {
  /** The component type. */
  public static final String TYPE = "bindings.cron";
  private static final System.Logger LOG = System.getLogger(CronBinding.class.getName());
  private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSSSS");

  private final Set<Reader> readers = ConcurrentHashMap.newKeySet();
  private CronSchedule schedule;
  private ZoneId zone;
  private String name;
  private volatile boolean closed;

  @Override
  public void init(ComponentMetadata metadata) throws ComponentException {
    name = metadata.name();
    String spec = metadata.get("schedule").orElseThrow(() -> new ComponentException("schedule not set"));
    zone = ZoneId.systemDefault();
    String rest = spec.trim();
    if (rest.startsWith("CRON_TZ=") || rest.startsWith("TZ=")) {
      int space = rest.indexOf(' ');
      String tz = rest.substring(rest.indexOf('=') + 1, space < 0 ? rest.length() : space);
      try {
        zone = ZoneId.of(tz);
      } catch (RuntimeException e) {
        throw new ComponentException("invalid schedule format '" + spec + "': provided bad location " + tz + ": "
            + e.getMessage());
      }
      rest = space < 0 ? "" : rest.substring(space + 1);
    }
    try {
      schedule = CronSchedule.parse(rest);
    } catch (IllegalArgumentException e) {
      throw new ComponentException("invalid schedule format '" + spec + "': " + e.getMessage());
    }
  }

  @Override
  public BindingReader read(InputHandler handler) throws BindingException {
    if (closed) {
      throw new BindingException("binding is closed");
    }
    Reader reader = new Reader(handler);
    readers.add(reader);
    reader.thread = Thread.ofVirtual().name("cron-" + name).start(reader::run);
    return reader;
  }

  @Override
  public void close() {
    closed = true;
    java.util.List.copyOf(readers).forEach(Reader::close);
  }

  /** Go's {@code time.Time.String()} of a UTC time: fractional seconds without trailing zeros. */
  static String goTime(ZonedDateTime utc) {
    String text = GO_TIME.format(utc);
    int end = text.length();
    while (text.charAt(end - 1) == '0') {
      end--;
    }
    if (text.charAt(end - 1) == '.') {
      end--;
    }
    return text.substring(0, end) + " +0000 UTC";
  }

  private final class Reader implements BindingReader {
    private final InputHandler handler;
    private final Object lock = new Object();
    private volatile boolean stopped;
    private Thread thread;

    Reader(InputHandler handler) {
      this.handler = handler;
    }

    void run() {
      ZonedDateTime last = ZonedDateTime.now(zone);
      while (!stopped) {
        ZonedDateTime next = schedule.next(last);
        if (next == null) {
          return;
        }
        long waitMillis = Duration.between(ZonedDateTime.now(zone), next).toMillis();
        synchronized (lock) {
          if (waitMillis > 0 && !stopped) {
            try {
              lock.wait(waitMillis);
            } catch (InterruptedException e) {
              return;
            }
          }
          if (stopped) {
            return;
          }
          if (ZonedDateTime.now(zone).isBefore(next)) {
            continue;
          }
        }
        last = next;
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        try {
          handler.handle(new BindingEvent(new byte[0], Map.of("timeZone", "Local", "readTimeUTC", goTime(now)),
              null));
        } catch (Exception e) {
          LOG.log(System.Logger.Level.WARNING, "cron binding {0}: the app did not take the tick: {1}", name, e.getMessage());
        }
      }
    }

    @Override
    public void close() {
      synchronized (lock) {
        stopped = true;
        lock.notifyAll();
      }
      readers.remove(this);
      if (Thread.currentThread() != thread) {
        try {
          thread.join(30_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
