package io.jdaprd.bench.load;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Server;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The app of the pub/sub scenario, inside the load generator's process so that a delivery is timed with the same
 * clock ({@link System#nanoTime()}) as the publish it belongs to. It answers the sidecar's
 * {@code GET /dapr/subscribe} with one subscription ({@value #PUBSUB}, topic {@value #TOPIC}, route
 * {@value #ROUTE}) and takes every event on that route with a 200. Each published payload carries a tag
 * ({@link PublishRequester}): the {@link Window} it was published in, its sequence number in that window, and the
 * time it was due; a delivery of the open window is counted once per sequence number (a second one is a duplicate)
 * and timed from that due time, so that a publish the generator could only send late is charged for the wait.
 * Serves on the generator's event loops, on a free loopback port.
 */
public final class Receiver implements AutoCloseable {
  /** The pub/sub component name the subscription names. */
  static final String PUBSUB = "pubsub";
  /** The topic published to and subscribed to. */
  static final String TOPIC = "bench";
  /** The path the sidecar delivers the topic's events to. */
  public static final String ROUTE = "/bench-events";
  /** The JSON field of the payload that holds the tag. */
  static final String TAG_FIELD = "bench";

  private static final byte[] TAG_KEY = ("\"" + TAG_FIELD + "\"").getBytes(StandardCharsets.US_ASCII);

  private final Server server;
  private final AtomicInteger windows = new AtomicInteger();
  private volatile Window window = new Window(0);

  Receiver(EventLoopGroup group) {
    String subscribe = "[{\"pubsubname\":\"" + PUBSUB + "\",\"topic\":\"" + TOPIC + "\",\"route\":\"" + ROUTE
        + "\"}]";
    this.server = Server.builder()
        .http(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .workerGroup(group, false)
        .requestTimeout(Duration.ZERO)
        .maxRequestLength(16 << 20)
        .route().get("/dapr/subscribe").build((ctx, req) -> HttpResponse.of(HttpStatus.OK, MediaType.JSON, subscribe))
        .route().methods(HttpMethod.POST).path(ROUTE).build((ctx, req) -> HttpResponse.of(
            req.aggregate().thenApply(event -> {
              long now = System.nanoTime();
              window.record(event.content().array(), now);
              return HttpResponse.of(HttpStatus.OK);
            })))
        .build();
    server.start().join();
  }

  /** The port the sidecar's {@code --app-port} names. */
  int port() {
    return server.activeLocalPort();
  }

  /** Opens a new window: from now on, deliveries are counted against it, and publishes are tagged with it. */
  Window open() {
    Window w = new Window(windows.incrementAndGet());
    window = w;
    return w;
  }

  /** The window publishes are tagged with now. */
  Window current() {
    return window;
  }

  @Override
  public void close() {
    server.stop().join();
  }

  /**
   * The numbers of one window. Deliveries arrive on several event loops, so every count is read and written under
   * the window's lock.
   */
  static final class Window {
    final int id;
    private final long originNs = System.nanoTime();
    private final AtomicLong nextSeq = new AtomicLong();
    private final Histogram latency = Lane.newHistogram();
    private final BitSet seen = new BitSet();
    private long delivered;
    private long duplicates;
    private long strays;
    private long lastDeliveryNs;

    Window(int id) {
      this.id = id;
    }

    /**
     * The tag of the next publish, due at {@code dueNs}: {@code window:seq:offset}, the offset being the due time
     * in ns after the window opened (a publish is never due before that).
     */
    String nextTag(long dueNs) {
      return id + ":" + nextSeq.getAndIncrement() + ":" + Math.max(0, dueNs - originNs);
    }

    /** Tags handed out, that is publishes sent. */
    long tagged() {
      return nextSeq.get();
    }

    synchronized void record(byte[] event, long nowNs) {
      long[] tag = tag(event);
      if (tag == null || tag[0] != id || tag[1] < 0 || tag[1] >= Integer.MAX_VALUE) {
        strays++;
        return;
      }
      lastDeliveryNs = nowNs;
      int seq = (int) tag[1];
      if (seen.get(seq)) {
        duplicates++;
        return;
      }
      seen.set(seq);
      delivered++;
      latency.recordValue(Math.max(0, Math.min(nowNs - originNs - tag[2], Lane.HIGHEST_NS)));
    }

    /** Distinct messages of this window delivered so far. */
    synchronized long delivered() {
      return delivered;
    }

    /** Deliveries of a message this window had already received. */
    synchronized long duplicates() {
      return duplicates;
    }

    /** Deliveries that were not of this window (a late one of an earlier window) or carried no tag. */
    synchronized long strays() {
      return strays;
    }

    /** When the last delivery of this window arrived ({@link System#nanoTime()}), 0 before the first. */
    synchronized long lastDeliveryNs() {
      return lastDeliveryNs;
    }

    /** A copy of the publish-to-delivery histogram (ns), one value per distinct message. */
    synchronized Histogram latency() {
      return latency.copy();
    }

    /** {@code [window, seq, offset]} from the first {@code "bench":"w:s:o"} in {@code event}, or null. */
    private static long[] tag(byte[] event) {
      int at = indexOf(event, TAG_KEY);
      if (at < 0) {
        return null;
      }
      int i = at + TAG_KEY.length;
      while (i < event.length && event[i] != '"') {
        i++;
      }
      long[] parts = new long[3];
      int part = 0;
      boolean digits = false;
      for (i++; i < event.length && event[i] != '"'; i++) {
        byte b = event[i];
        if (b == ':' && part < 2 && digits) {
          part++;
          digits = false;
        } else if (b >= '0' && b <= '9') {
          parts[part] = parts[part] * 10 + (b - '0');
          digits = true;
        } else {
          return null;
        }
      }
      return part == 2 && digits ? parts : null;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
      outer:
      for (int i = 0; i + needle.length <= haystack.length; i++) {
        for (int j = 0; j < needle.length; j++) {
          if (haystack[i + j] != needle[j]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }
  }
}
