package io.jdaprd.bench.report;

import java.util.List;
import java.util.Map;

/**
 * One target's numbers, summed over its rounds.
 *
 * @param name            the target, for example {@code state-get-http}
 * @param scenario        the scenario it belongs to, for example {@code state-http}
 * @param role            {@code sidecar}, {@code floor} (bare Armeria) or {@code direct} (Lettuce to Redis)
 * @param mode            {@code rate} (constant rate, latency from intended send) or {@code closed}
 * @param rate            the asked rate ({@code rate} mode)
 * @param connections     connections used
 * @param completed       answers received in the measured windows
 * @param errors          transport failures plus answers other than the expected one
 * @param codes           answers by code ({@code -1}: transport failure)
 * @param throughput      answers per second over the windows
 * @param latency         latency from the intended send time (closed mode: from the send)
 * @param service         latency from the actual send time
 * @param serverCpuPer1k  CPU seconds the answering process used per 1,000 answers
 * @param serverMilliCpu  its average CPU use over the windows, in millicores
 * @param serverJitMilliCpu the part of that spent by its JIT compiler threads (a lower bound: compiler threads
 *                        that ended inside a window are not counted)
 * @param generatorCpuPct the load generator's CPU use over the windows, in percent of one core
 * @param spectrum        {@code [percentile, ms]} points of the latency distribution, for the chart
 * @param serverCpuPer1kEach {@code serverCpuPer1k} split by the processes charged, in the order the target names
 *                        them (an invocation: the caller's sidecar, then the callee's); one entry for one process
 *                        (empty in reports written before the split existed)
 */
public record Measured(String name, String scenario, String role, String mode, int rate, int connections,
    long completed, long errors, Map<Integer, Long> codes, double throughput, Percentiles latency,
    Percentiles service, double serverCpuPer1k, double serverMilliCpu, double serverJitMilliCpu,
    double generatorCpuPct,
    List<double[]> spectrum, List<Double> serverCpuPer1kEach) {

  /** Reads a missing split (a report of an older run) as none. */
  public Measured {
    serverCpuPer1kEach = serverCpuPer1kEach == null ? List.of() : serverCpuPer1kEach;
  }
}
