package io.jdaprd.components.bindings;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.bindings.BindingEvent;
import io.jdaprd.spi.bindings.BindingException;
import io.jdaprd.spi.bindings.BindingReader;
import io.jdaprd.spi.bindings.BindingRequest;
import io.jdaprd.spi.bindings.BindingResponse;
import io.jdaprd.spi.bindings.InputBinding;
import io.jdaprd.spi.bindings.InputHandler;
import io.jdaprd.spi.bindings.OutputBinding;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code bindings.cron}: an input binding that fires on the {@code schedule} metadata ({@link CronSchedule}'s
 * syntax), in the {@code timeZone} metadata's zone (default the system's). Each tick is an event without data whose
 * metadata tells {@code timeZone} and {@code readTimeUTC}; a handler failure is logged and the next tick comes as
 * planned (a timer does not redeliver). As an output binding its only operation, {@code delete}, stops the running
 * readers.
 */
public final class CronBinding implements InputBinding, OutputBinding {
  /** The component type. */
  public static final String TYPE = "bindings.cron";
  private static final System.Logger LOG = System.getLogger(CronBinding.class.getName());
  private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSSSS");

  private final Set<Reader> readers = ConcurrentHashMap.newKeySet();
  private CronSchedule schedule;
  private ZoneId zone;
  private String name;

  @Override
  public void init(ComponentMetadata metadata) throws ComponentException {
    name = metadata.name();
    String spec = metadata.require("schedule");
    try {
      schedule = CronSchedule.parse(spec);
    } catch (IllegalArgumentException e) {
      throw new ComponentException("invalid schedule format '" + spec + "': " + e.getMessage());
    }
    try {
      zone = metadata.get("timeZone").map(ZoneId::of).orElse(ZoneId.systemDefault());
    } catch (RuntimeException e) {
      throw metadata.invalid("timeZone", metadata.get("timeZone", ""), "an IANA time zone such as Europe/Berlin");
    }
  }

  @Override
  public BindingReader read(InputHandler handler) {
    Reader reader = new Reader(handler);
    readers.add(reader);
    reader.thread = Thread.ofVirtual().name("cron-" + name).start(reader::run);
    return reader;
  }

  @Override
  public List<String> operations() {
    return List.of("delete");
  }

  /** {@code delete}: stops every running reader. */
  @Override
  public BindingResponse invoke(BindingRequest request) throws BindingException {
    if (!request.operation().equals("delete")) {
      throw new BindingException("invalid operation: '" + request.operation() + "', only 'delete' supported");
    }
    List.copyOf(readers).forEach(Reader::close);
    return BindingResponse.EMPTY;
  }

  @Override
  public void close() {
    List.copyOf(readers).forEach(Reader::close);
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
          handler.handle(new BindingEvent(new byte[0], Map.of("timeZone", zone.getId(),
              "readTimeUTC", GO_TIME.format(now) + " +0000 UTC"), null));
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
