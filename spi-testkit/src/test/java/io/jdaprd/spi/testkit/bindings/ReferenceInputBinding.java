package io.jdaprd.spi.testkit.bindings;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.bindings.BindingEvent;
import io.jdaprd.spi.bindings.BindingReader;
import io.jdaprd.spi.bindings.InputBinding;
import io.jdaprd.spi.bindings.InputHandler;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An input binding over an in-memory queue shared by all instances (the "backend"), for checking the conformance
 * suite itself: each reader is one virtual thread taking from the queue; an event whose handler threw goes back to
 * the queue. With {@link Defect#NONE} it keeps every promise the suite checks of a redelivering backend; each other
 * defect breaks one.
 */
final class ReferenceInputBinding implements InputBinding {

  /** The one promise this binding breaks. */
  enum Defect {
    NONE,
    /** {@link BindingReader#close()} does not stop the reading thread. */
    CLOSE_DOES_NOT_STOP,
    /** An event whose handler threw is dropped. */
    LOSES_REFUSED_EVENTS
  }

  static final BlockingQueue<byte[]> BACKEND = new LinkedBlockingQueue<>();
  /** Bumped for every new instance: a reader that does not stop on close stops when its generation is over. */
  static final AtomicInteger GENERATION = new AtomicInteger();

  private final Defect defect;

  private final int generation;

  ReferenceInputBinding(Defect defect) {
    this.defect = defect;
    this.generation = GENERATION.incrementAndGet();
  }

  @Override
  public void init(ComponentMetadata metadata) {
  }

  @Override
  public BindingReader read(InputHandler handler) {
    Reader reader = new Reader(handler);
    reader.thread = Thread.ofVirtual().start(reader::run);
    return reader;
  }

  private final class Reader implements BindingReader {
    private final InputHandler handler;
    private volatile boolean stopped;
    private Thread thread;

    Reader(InputHandler handler) {
      this.handler = handler;
    }

    void run() {
      while ((!stopped || defect == Defect.CLOSE_DOES_NOT_STOP) && GENERATION.get() == generation) {
        byte[] data;
        try {
          data = BACKEND.poll(20, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          return;
        }
        if (data == null) {
          continue;
        }
        if (GENERATION.get() != generation) {
          BACKEND.add(data);
          return;
        }
        try {
          handler.handle(new BindingEvent(data, Map.of("source", "reference"), "text/plain"));
        } catch (Exception e) {
          if (defect != Defect.LOSES_REFUSED_EVENTS) {
            BACKEND.add(data);
          }
        }
      }
    }

    @Override
    public void close() {
      stopped = true;
      if (defect == Defect.CLOSE_DOES_NOT_STOP) {
        return;
      }
      try {
        thread.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
