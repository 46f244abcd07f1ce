package io.jdaprd.bench.report;

import io.jdaprd.bench.report.RunReport.Check;
import java.util.List;
import java.util.Map;

/**
 * What the {@code invoke} scenario measured beyond its latency rows (which are in the variant's constant-rate
 * results, next to their floors): the sidecars' memory, the large-body throughput, and the targets checked.
 *
 * @param variant         the JVM flag set the sidecars ran under
 * @param bulkBytes       the body size of the large-body rows (0: not run)
 * @param idleRssMib      resident memory of each sidecar once all were healthy, before any load, by role
 * @param peakRssRateMib  the peak resident memory of each sidecar during the constant-rate rounds, by role
 * @param peakRssBulkMib  the same during the large-body rounds
 * @param bulk            the large-body rows, closed loop on one connection: {@code direct-upload} (to the app),
 *                        {@code invoke-upload} (through both sidecars) and {@code relay-upload} (through the two
 *                        relays, the floor)
 * @param checks          the targets, checked
 */
public record InvokeResult(String variant, long bulkBytes, Map<String, Double> idleRssMib,
    Map<String, Double> peakRssRateMib, Map<String, Double> peakRssBulkMib, Map<String, Measured> bulk,
    List<Check> checks) {

  /** The role names the memory maps use. */
  public static final String CALLER = "caller (A)";
  /** The sidecar of the HTTP app. */
  public static final String CALLEE_HTTP = "callee, HTTP app (B)";
  /** The sidecar of the gRPC app. */
  public static final String CALLEE_GRPC = "callee, gRPC app (B')";

  /** MiB per second of a large-body row: answers per second times the body size. */
  public double mibPerSecond(Measured m) {
    return m.throughput() * bulkBytes / (1024.0 * 1024.0);
  }
}
