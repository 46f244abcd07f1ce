package io.jdaprd.bench.suite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code bench/run}'s options, parsed; {@link #USAGE} lists them. */
final class Options {
  static final List<String> ALL_SCENARIOS = List.of("floor", "state-http", "state-grpc", "error", "redis",
      "secrets", "lock", "pubsub", "invoke", "bindings", "throughput", "startup", "jmh", "crypto",
      "actors", "embedded");

  static final String USAGE = """
      usage: bench/run [options]
        --quick                  a 2-3 minute smoke: one 3 s round, 1.5 s warm-ups, 2 startups, short JMH
        --scenarios LIST         comma-separated, from: %s, wrk, tracing (tracing off / default / sampling 1
                                 side by side; only when named)
                                 (default: all but wrk; wrk cross-checks the generator against wrk)
        --jvm-variants LIST      sidecar JVM flag sets, from: launcher (bin/jvm-options, what ./jdaprd runs), %s
                                 (default: launcher)
        --jvm-variant NAME=FLAGS define a flag set, e.g. --jvm-variant 'tiny=-XX:+UseSerialGC -Xmx48m'
        --rate N                 constant rate, requests/s (default 1000)
        --connections N          connections, one request in flight each (default 16)
        --payload BYTES          state value and event payload size (default 1024)
        --pubsub-rate N          publishes/s of the pubsub scenario (default 500)
        --pubsub-components LIST comma-separated, from: %s (default: all)
        --kafka-partitions N     partitions of the pubsub scenario's Kafka topics (default 4; the sidecar
                                 delivers partitions in parallel, the events of one partition one at a time)
        --actor-reminders N      reminders registered by the actors scenario (default 100000)
        --invoke-bulk-mib N      body size of the invoke scenario's large-body rows, MiB (default 256; 0: none)
        --duration S             seconds per constant-rate round (default 10)
        --rounds N               interleaved rounds per target (default 2)
        --closed-duration S      seconds per closed-loop round (default 4)
        --warmup S               closed-loop warm-up of each target before a group's rounds (default 3)
        --startup-runs N         cold starts per variant and cache setting (default 5)
        --pin                    sidecar, floor and Redis on CPU 1, the generator on CPU 0 (taskset)
        --out DIR                where reports go (default bench/results)
        --no-build               use the jars already built
        --render FILE.json       measure nothing: write the .md and .svg of an earlier run again, beside it
        --soak DURATION          instead of the scenarios: a soak of DURATION (30m, 10m, 90s) at --rate, mixed
                                 state, publish with delivery, invoke and actor calls; writes soak-<time>.md/.json
      """.formatted(String.join(", ", ALL_SCENARIOS), String.join(", ", JvmVariant.KNOWN.keySet()),
      String.join(", ", PubSubScenario.COMPONENTS));

  Path root;
  Path out;
  Path render;
  java.time.Duration soak;
  boolean quick;
  Set<String> scenarios = new LinkedHashSet<>();
  List<JvmVariant> variants = new ArrayList<>();
  int rate = 1000;
  int connections = 16;
  int payload = 1024;
  int pubsubRate = 500;
  int kafkaPartitions = 4;
  int invokeBulkMib = 256;
  int actorReminders = 100_000;
  List<String> pubsubComponents = PubSubScenario.COMPONENTS;
  double duration = 10;
  int rounds = 2;
  double closedDuration = 4;
  double warmup = 3;
  int startupRuns = 5;
  boolean pin;
  List<String> args = new ArrayList<>();

  static Options parse(String[] argv) {
    Options o = new Options();
    o.args = List.of(argv);
    Map<String, String> custom = new LinkedHashMap<>();
    List<String> variantNames = List.of(JvmVariant.LAUNCHER);
    List<String> scenarioNames = null;
    Map<String, String> given = new LinkedHashMap<>();
    for (int i = 0; i < argv.length; i++) {
      String a = argv[i];
      switch (a) {
        case "--quick" -> o.quick = true;
        case "--pin" -> o.pin = true;
        case "--no-build" -> {
          // handled by bench/run
        }
        case "-h", "--help" -> throw new UsageException(USAGE);
        default -> {
          if (!a.startsWith("--") || i + 1 >= argv.length) {
            throw new UsageException("bench/run: " + a + " (expected an option with a value)\n" + USAGE);
          }
          String value = argv[++i];
          switch (a) {
            case "--out" -> o.out = Path.of(value);
            case "--render" -> o.render = Path.of(value);
            case "--soak" -> o.soak = soakDuration(value);
            case "--scenarios" -> scenarioNames = List.of(value.split(","));
            case "--jvm-variants" -> variantNames = List.of(value.split(","));
            case "--pubsub-components" -> {
              for (String c : value.split(",")) {
                if (!PubSubScenario.COMPONENTS.contains(c)) {
                  throw new UsageException("--pubsub-components: " + c + " (expected some of "
                      + PubSubScenario.COMPONENTS + ")");
                }
              }
              o.pubsubComponents = List.of(value.split(","));
            }
            case "--jvm-variant" -> {
              int eq = value.indexOf('=');
              if (eq < 1) {
                throw new UsageException("--jvm-variant: " + value + " (expected: name=flags)");
              }
              custom.put(value.substring(0, eq), value.substring(eq + 1));
            }
            default -> given.put(a, value);
          }
        }
      }
    }
    if (o.quick) {
      o.duration = 3;
      o.rounds = 1;
      o.closedDuration = 2;
      o.warmup = 1.5;
      o.startupRuns = 2;
    }
    given.forEach((k, v) -> o.set(k, v));
    for (String s : scenarioNames == null ? ALL_SCENARIOS : scenarioNames) {
      if (!ALL_SCENARIOS.contains(s) && !s.equals("wrk") && !s.equals("tracing")) {
        throw new UsageException("--scenarios: " + s + " (expected some of " + ALL_SCENARIOS + ", wrk, tracing)");
      }
      o.scenarios.add(s);
    }
    o.root = Path.of(System.getProperty("bench.root", "")).toAbsolutePath();
    for (String v : variantNames) {
      try {
        o.variants.add(JvmVariant.named(v.trim(), custom, o.root));
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
    }
    if (o.out == null) {
      o.out = o.root.resolve("bench/results");
    }
    return o;
  }

  private void set(String option, String value) {
    try {
      switch (option) {
        case "--rate" -> rate = Integer.parseInt(value);
        case "--connections" -> connections = Integer.parseInt(value);
        case "--payload" -> payload = Integer.parseInt(value);
        case "--pubsub-rate" -> pubsubRate = Integer.parseInt(value);
        case "--kafka-partitions" -> {
          kafkaPartitions = Integer.parseInt(value);
          if (kafkaPartitions < 1) {
            throw new UsageException("--kafka-partitions: " + value + " (expected: 1 or more)");
          }
        }
        case "--invoke-bulk-mib" -> {
          invokeBulkMib = Integer.parseInt(value);
          if (invokeBulkMib < 0 || invokeBulkMib > 2047) {
            throw new UsageException("--invoke-bulk-mib: " + value + " (expected: 0 to 2047)");
          }
        }
        case "--actor-reminders" -> actorReminders = Integer.parseInt(value);
        case "--duration" -> duration = Double.parseDouble(value);
        case "--rounds" -> rounds = Integer.parseInt(value);
        case "--closed-duration" -> closedDuration = Double.parseDouble(value);
        case "--warmup" -> warmup = Double.parseDouble(value);
        case "--startup-runs" -> startupRuns = Integer.parseInt(value);
        default -> throw new UsageException("bench/run: unknown option " + option + "\n" + USAGE);
      }
    } catch (NumberFormatException e) {
      throw new UsageException(option + ": " + value + " (expected: a number)");
    }
  }

  private static java.time.Duration soakDuration(String value) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)([smh])").matcher(value);
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new UsageException("--soak: " + value + " (expected a duration such as 30m, 10m or 90s)");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> java.time.Duration.ofSeconds(n);
      case "m" -> java.time.Duration.ofMinutes(n);
      default -> java.time.Duration.ofHours(n);
    };
  }

  /** A copy of these options with another number of connections and payload size (for rounds of large bodies). */
  Options withLoad(int newConnections, int newPayload) {
    Options o = new Options();
    o.root = root;
    o.out = out;
    o.quick = quick;
    o.scenarios = scenarios;
    o.variants = variants;
    o.rate = rate;
    o.connections = newConnections;
    o.payload = newPayload;
    o.pubsubRate = pubsubRate;
    o.kafkaPartitions = kafkaPartitions;
    o.pubsubComponents = pubsubComponents;
    o.invokeBulkMib = invokeBulkMib;
    o.actorReminders = actorReminders;
    o.duration = duration;
    o.rounds = rounds;
    o.closedDuration = closedDuration;
    o.warmup = warmup;
    o.startupRuns = startupRuns;
    o.pin = pin;
    o.args = args;
    return o;
  }

  /** A copy of these options at another constant rate. */
  Options withRate(int newRate) {
    Options o = withLoad(connections, payload);
    o.rate = newRate;
    return o;
  }

  /** A copy of these options with another closed-loop warm-up, in seconds. */
  Options withWarmup(double newWarmup) {
    Options o = withLoad(connections, payload);
    o.warmup = newWarmup;
    return o;
  }

  boolean has(String scenario) {
    return scenarios.contains(scenario);
  }

  /** A bad command line: the message is printed as it is. */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }
}
