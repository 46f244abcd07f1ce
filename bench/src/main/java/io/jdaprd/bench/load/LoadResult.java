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
 * {@code latency} from each request's intended send time, {@code service} from its actual send time.
 */
public record LoadResult(String target, String mode, int rate, int connections, long sent, long completed,
    long transportErrors, long unexpected, Map<Integer, Long> codes, long windowNs, long generatorCpuNs,
    String latency, String service) {

  static LoadResult of(LoadSpec spec, Lane.Tally tally, long windowNs, long generatorCpuNs) {
    return new LoadResult(spec.target().name(), spec.mode(), spec.rate(), spec.connections(), tally.sent,
        tally.completed, tally.transportErrors, tally.unexpected, new TreeMap<>(tally.codes), windowNs,
        generatorCpuNs, encode(tally.latency), encode(tally.service));
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
