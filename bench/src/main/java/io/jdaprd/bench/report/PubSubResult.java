package io.jdaprd.bench.report;

import java.util.List;

/**
 * Publish to delivery through one pub/sub component: events published over HTTP at a constant rate to a sidecar
 * whose app (the load generator's receiver) subscribes to the topic, each timed from the moment its publish was due
 * to the moment the app had it, both on the generator's clock.
 *
 * @param component       the component type, for example {@code pubsub.redis}
 * @param variant         the JVM flag set the sidecar ran under
 * @param rate            publishes per second asked
 * @param connections     connections the publishes were spread over, one in flight each
 * @param payloadBytes    the size of each event's JSON payload
 * @param seconds         the publishing window
 * @param published       publishes sent in the window
 * @param accepted        publishes the sidecar answered 204
 * @param publishErrors   publishes answered otherwise or not at all ({@code published - accepted})
 * @param delivered       distinct events of the window the app received
 * @param lost            accepted events the app never received (counted after the drain wait)
 * @param duplicates      deliveries of an event the app had already received
 * @param strays          deliveries during the window of events from before it (the warm-up's late ones)
 * @param drainMs         from the last publish to the last delivery counted
 * @param delivery        publish-to-delivery latency, ms, from each event's intended publish time (coordinated
 *                        omission corrected), over the delivered events
 * @param publish         the publish call's latency, ms, from the intended send time to the 204
 * @param sidecarCpuPer1k CPU seconds the sidecar used per 1,000 events published
 * @param sidecarMilliCpu its average CPU use over the window, in millicores
 * @param sidecarJitMilliCpu the part of that spent by its JIT compiler threads (a lower bound; 0 in reports written
 *                        before it was measured): a large share means the warm-up was too short for a steady state
 * @param spectrum        {@code [percentile, ms]} points of the delivery latency, for the chart
 */
public record PubSubResult(String component, String variant, int rate, int connections, int payloadBytes,
    double seconds, long published, long accepted, long publishErrors, long delivered, long lost, long duplicates,
    long strays, double drainMs, Percentiles delivery, Percentiles publish, double sidecarCpuPer1k,
    double sidecarMilliCpu, double sidecarJitMilliCpu, List<double[]> spectrum) {

  /** Publishes per second over the window. */
  public double publishedPerSecond() {
    return seconds > 0 ? published / seconds : 0;
  }
}
