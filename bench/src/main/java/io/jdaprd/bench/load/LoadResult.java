package io.jdaprd.bench.load;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * What one run measured: counts, the answers by code ({@code -1}: transport failure), the window, the generator's
 * own CPU time, and two HdrHistograms in nanoseconds, encoded (compressed, base64) so that runs can be merged:
 * {@code latency} from each request's intended send time, {@code service} from its actual send time. A publish run
 * also has its {@code delivery}; other runs have none (null).
 */
public record LoadResult(String target, String mode, int rate, int connections, long sent, long completed,
    long transportErrors, long unexpected, Map<Integer, Long> codes, long windowNs, long generatorCpuNs,
    String latency, String service, Delivery delivery) {

  /**
   * What the {@link Receiver} got of a publish run's events.
   *
   * @param delivered  distinct events of the run delivered
   * @param duplicates deliveries of an event that had already been delivered
   * @param strays     deliveries in the run's time of events that were not the run's (late ones of an earlier run)
   * @param drainNs    from the end of the publishing to the last delivery counted
   * @param latency    the encoded histogram (ns) from each event's intended publish time to its first delivery
   */
  public record Delivery(long delivered, long duplicates, long strays, long drainNs, String latency) {

    /** The publish-to-delivery histogram. */
    public Histogram latencyHistogram() {
      return decode(latency);
    }
  }

  static LoadResult of(LoadSpec spec, Lane.Tally tally, long windowNs, long generatorCpuNs, Delivery delivery) {
    return new LoadResult(spec.target().name(), spec.mode(), spec.rate(), spec.connections(), tally.sent,
        tally.completed, tally.transportErrors, tally.unexpected, new TreeMap<>(tally.codes), windowNs,
        generatorCpuNs, encode(tally.latency), encode(tally.service), delivery);
  }

  /** Answers per second over the window. */
  public double throughput() {
    return windowNs <= 0 ? 0 : completed * 1e9 / windowNs;
  }

  /** The latency histogram, from intended send times. */
  public Histogram latencyHistogram() {
    return decode(latency);
  }

  /** The service-time histogram, from actual send times. */
  public Histogram serviceHistogram() {
    return decode(service);
  }

  /** A compressed, base64-encoded histogram. */
  public static String encode(Histogram h) {
    ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
    int length = h.encodeIntoCompressedByteBuffer(buffer);
    return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
  }

  /** The histogram {@link #encode} wrote. */
  public static Histogram decode(String encoded) {
    try {
      return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(encoded)), 0);
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("histogram: not a compressed HdrHistogram (" + e.getMessage() + ")", e);
    }
  }
}
