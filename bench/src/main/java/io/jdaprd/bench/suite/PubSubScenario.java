package io.jdaprd.bench.suite;

import io.jdaprd.bench.load.LoadResult;
import io.jdaprd.bench.load.LoadSpec;
import io.jdaprd.bench.load.Target;
import io.jdaprd.bench.report.Percentiles;
import io.jdaprd.bench.report.PubSubResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * The {@code pubsub} scenario: for each pub/sub component, a private broker, a sidecar with that component and the
 * load generator's receiver as its app (which subscribes over {@code GET /dapr/subscribe}), then HTTP publishes at
 * {@code --pubsub-rate} for {@code --duration} seconds after a warm-up at the same rate. Each event is timed from
 * its intended publish time to its delivery, both on the generator's clock (see the generator's receiver), and the
 * published, delivered, lost and duplicated counts are kept. A component whose broker binary is missing, whose
 * broker or sidecar does not start, or whose run fails, is skipped with a note; the other components still run.
 */
final class PubSubScenario {
  /** The component name the floor's result carries. */
  static final String FLOOR = "floor";
  static final List<String> COMPONENTS = List.of("pubsub.in-memory", "pubsub.redis", "pubsub.rabbitmq",
      "pubsub.jetstream", "pubsub.kafka", "pubsub.mqtt3");

  private final Env env;
  private final Options o;
  private final Generator generator;
  private final List<String> notes;

  PubSubScenario(Env env, Options o, Generator generator, List<String> notes) {
    this.env = env;
    this.o = o;
    this.generator = generator;
    this.notes = notes;
  }

  /** Measures each component of {@code --pubsub-components} with the sidecar under {@code v}. */
  List<PubSubResult> run(JvmVariant v, List<String> cache) throws Exception {
    int appPort = generator.receiverPort();
    List<PubSubResult> results = new ArrayList<>();
    for (String component : o.pubsubComponents) {
      String missing = Brokers.missingBinary(component);
      if (missing != null) {
        notes.add(component + ": skipped, no " + missing + " on this machine");
        Log.line("  %s skipped: no %s", component, missing);
        continue;
      }
      Brokers.Broker broker;
      try {
        broker = Brokers.start(env, component, o.kafkaPartitions);
      } catch (IOException e) {
        notes.add(component + ": skipped, its broker did not start: " + e.getMessage());
        Log.line("  %s skipped: %s", component, e.getMessage());
        continue;
      }
      try {
        PubSubResult r = measure(v, cache, component, broker, appPort);
        if (r != null) {
          results.add(r);
        }
      } catch (IOException | IllegalStateException e) {
        notes.add(component + ": skipped, " + e.getMessage() + " (see " + env.logs + ")");
        Log.line("  %s skipped: %s", component, e.getMessage());
      } finally {
        Brokers.stop(env, broker);
      }
    }
    if (!results.isEmpty()) {
      try {
        results.add(floor(appPort));
      } catch (IOException | IllegalStateException e) {
        notes.add("pub/sub floor: skipped, " + e.getMessage() + " (see " + env.logs + ")");
      }
    }
    return results;
  }

  private PubSubResult measure(JvmVariant v, List<String> cache, String component, Brokers.Broker broker,
      int appPort) throws Exception {
    Path resources = resources(component, broker);
    String key = component.substring("pubsub.".length());
    Sidecar s = Sidecar.start(env, v, cache, resources, env.logs.resolve("sidecar-" + key + "-" + v.key() + ".log"),
        List.of("--app-port", Integer.toString(appPort)));
    try {
      s.awaitHealthy(120_000, 20);
      String metadata = Proc.request(s.httpPort, "GET", "/v1.0/metadata").body();
      if (!metadata.contains("\"" + component + "\"")) {
        notes.add(component + ": skipped, the sidecar did not load it (GET /v1.0/metadata)");
        return null;
      }
      PubSubResult result = timed(component, v.name(), Target.publish(key + "-publish", s.httpPort), s.pid());
      Log.line("  %-16s %6.0f/s published %d, delivered %d, lost %d, duplicates %d: p50 %.3f  p99 %.3f  max %.1f ms",
          component, result.publishedPerSecond(), result.published(), result.delivered(), result.lost(),
          result.duplicates(), result.delivery().p50(), result.delivery().p99(), result.delivery().max());
      noteShortfalls(result);
      return result;
    } finally {
      s.shutdown();
    }
  }

  /**
   * The floor ({@value #FLOOR}): the bench's bare Armeria server taking each publish and posting it to the receiver,
   * measured as a component is, so that each component's CPU per event can be read against it.
   */
  PubSubResult floor(int appPort) throws Exception {
    Servers.Floor f = Servers.startFloor(env, "floor-pubsub.log", "--deliver-to", Integer.toString(appPort));
    try {
      PubSubResult result = timed(FLOOR, "floor", Target.publish("floor-publish", f.httpPort()), f.process().pid());
      Log.line("  %-16s %6.0f/s published %d, delivered %d: p50 %.3f  p99 %.3f ms, %.3f CPU ms per event", FLOOR,
          result.publishedPerSecond(), result.published(), result.delivered(), result.delivery().p50(),
          result.delivery().p99(), result.sidecarCpuPer1k());
      return result;
    } finally {
      env.end(f.process(), 5);
    }
  }

  /** Publishes to {@code target} for the warm-up, then for the measured window, charging the CPU to {@code pid}. */
  private PubSubResult timed(String component, String variant, Target target, long pid) throws Exception {
    long warmupMs = Math.round(Math.max(1, o.warmup) * 1000);
    generator.run(new LoadSpec(target, "rate", o.pubsubRate, o.connections, warmupMs, 0, o.payload), () -> { });
    double[] cpuStart = {0};
    AtomicReference<Map<String, Double>> jitStart = new AtomicReference<>(Map.of());
    LoadResult r = generator.run(new LoadSpec(target, "rate", o.pubsubRate, o.connections,
        Math.round(o.duration * 1000), 0, o.payload), () -> {
          cpuStart[0] = Proc.cpuSeconds(pid);
          jitStart.set(Proc.jitCpuSeconds(pid));
        });
    double cpu = Proc.cpuSeconds(pid) - cpuStart[0];
    double jit = Proc.jitDelta(jitStart.get(), Proc.jitCpuSeconds(pid));
    return result(component, variant, r, cpu, jit);
  }

  private PubSubResult result(String component, String variant, LoadResult r, double cpu, double jit) {
    LoadResult.Delivery d = r.delivery();
    Histogram delivery = d.latencyHistogram();
    double seconds = r.windowNs() / 1e9;
    long accepted = r.codes().getOrDefault(204, 0L);
    return new PubSubResult(component, variant, o.pubsubRate, o.connections, o.payload, seconds, r.sent(),
        accepted, r.sent() - accepted, d.delivered(), Math.max(0, accepted - d.delivered()), d.duplicates(),
        d.strays(), d.drainNs() / 1e6, Percentiles.of(delivery), Percentiles.of(r.latencyHistogram()),
        r.sent() > 0 ? cpu * 1000 / r.sent() : 0, seconds > 0 ? cpu * 1000 / seconds : 0,
        seconds > 0 ? jit * 1000 / seconds : 0, Percentiles.spectrum(delivery));
  }

  private void noteShortfalls(PubSubResult r) {
    if (r.publishedPerSecond() < r.rate() * 0.99) {
      notes.add(String.format(Locale.ROOT, "%s: published %.0f/s, under 99 %% of the %d asked: its latencies "
          + "include the queueing that caused it", r.component(), r.publishedPerSecond(), r.rate()));
    }
    if (r.lost() > 0 || r.duplicates() > 0 || r.publishErrors() > 0) {
      notes.add(String.format(Locale.ROOT, "%s: %d of %d accepted events never reached the app (waited until none "
          + "came for 5 s), %d were delivered twice or more, %d publishes failed", r.component(), r.lost(),
          r.accepted(), r.duplicates(), r.publishErrors()));
    }
  }

  /**
   * A resources folder: the in-memory {@code statestore} and {@code component} named {@code pubsub}, the name the
   * receiver's subscription and the publish target use.
   */
  private Path resources(String component, Brokers.Broker broker) throws IOException {
    Path dir = Sidecar.resources(env, "resources-" + component.replace('.', '-'), null);
    Files.writeString(dir.resolve("pubsub.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: pubsub
        spec:
          type: %s
          version: v1
        %s""".formatted(component, broker == null ? "" : "  metadata:\n" + broker.metadata()));
    return dir;
  }
}
