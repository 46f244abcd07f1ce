package io.jdaprd.bench.load;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The load generator's process. Two ways to use it:
 * <ul>
 *   <li>{@code --serve}: reads one {@link LoadSpec} as JSON per line on stdin; for each, writes {@code START} when
 *       the measured window opens and {@code RESULT <json>} (a {@link LoadResult}) when it is over, or
 *       {@code ERROR <message>}; the line {@code RECEIVER} starts the pub/sub {@link Receiver} (once) and is
 *       answered {@code RECEIVER <port>}. This is how {@code bench/run} drives it, one warm process for all runs.</li>
 *   <li>one run from flags, with a summary on stdout, for example
 *       {@code --protocol http --port 3500 --op ping --path /v1.0/healthz --expect 204 --mode rate --rate 1000
 *       --connections 16 --duration 10 --warmup 2}; state ops take {@code --store}, {@code --key} and
 *       {@code --payload} (bytes).</li>
 * </ul>
 * {@code --threads N} sets the generator's event loops (default 2).
 */
public final class LoadMain {
  private LoadMain() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> flags = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("argument: " + args[i] + " (expected: --name value)");
      }
      boolean valueless = args[i].equals("--serve");
      flags.put(args[i].substring(2), valueless ? "true" : args[++i]);
    }
    int threads = Integer.parseInt(flags.getOrDefault("threads", "2"));
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
        StandardCharsets.UTF_8);
    System.setOut(System.err); // libraries that print must not mix with the protocol
    try (Requesters requesters = new Requesters(threads)) {
      if (flags.containsKey("serve")) {
        serve(requesters, out);
      } else {
        LoadResult result = LoadRun.run(fromFlags(flags).validated(), requesters, () -> { });
        summarize(result, out);
      }
    }
    System.exit(0);
  }

  private static void serve(Requesters requesters, PrintStream out) throws Exception {
    ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isBlank()) {
        continue;
      }
      if (line.equals("RECEIVER")) {
        out.println("RECEIVER " + requesters.receiver().port());
        continue;
      }
      if (line.startsWith("ACTOR")) {
        out.println(actorCommand(requesters, line));
        continue;
      }
      try {
        LoadSpec spec = json.readValue(line, LoadSpec.class).validated();
        LoadResult result = LoadRun.run(spec, requesters, () -> out.println("START"));
        out.println("RESULT " + json.writeValueAsString(result));
      } catch (Exception e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        out.println("ERROR " + cause.toString().replace('\n', ' '));
      }
    }
  }

  /**
   * The {@code actors} scenario's commands: {@code ACTORAPP} (start the {@link ActorApp}; answers its port),
   * {@code ACTORREMINDERS <sidecar port> <from> <to> <parallel> <body>} (register reminders {@code from} to
   * {@code to - 1}; answers the nanoseconds taken and the failures), {@code ACTORRESET} (forget the reminder calls counted) and {@code ACTORAWAIT <count>
   * <timeout ms>} (answers the calls counted, the epoch milliseconds of the first and the nanoseconds from the first
   * to the last).
   */
  private static String actorCommand(Requesters requesters, String line) {
    String[] w = line.split(" ", 6);
    try {
      switch (w[0]) {
        case "ACTORAPP" -> {
          return "ACTORAPP " + requesters.actorApp().port();
        }
        case "ACTORREMINDERS" -> {
          long[] r = ActorApp.register(Integer.parseInt(w[1]), Integer.parseInt(w[2]), Integer.parseInt(w[3]), w[5],
              Integer.parseInt(w[4]));
          return "ACTORREMINDERS " + r[0] + " " + r[1];
        }
        case "ACTORRESET" -> {
          requesters.actorApp().resetCount();
          return "ACTORRESET";
        }
        case "ACTORAWAIT" -> {
          long[] r = requesters.actorApp().awaitReminders(Long.parseLong(w[1]), Long.parseLong(w[2]));
          long firstEpochMs = r[0] == 0 ? 0
              : System.currentTimeMillis() - (System.nanoTime() - r[1]) / 1_000_000L;
          return "ACTORAWAIT " + r[0] + " " + firstEpochMs + " " + (r[2] - r[1]);
        }
        default -> {
          return "ERROR unknown command " + w[0];
        }
      }
    } catch (Exception e) {
      return "ERROR " + e.toString().replace('\n', ' ');
    }
  }

  private static LoadSpec fromFlags(Map<String, String> f) {
    String op = f.getOrDefault("op", "ping");
    Target target = new Target(f.getOrDefault("name", "target"), f.getOrDefault("protocol", "http"),
        f.getOrDefault("host", "127.0.0.1"), Integer.parseInt(f.getOrDefault("port", "3500")), op,
        f.getOrDefault("store", "statestore"), f.getOrDefault("key", "bench-key"),
        f.getOrDefault("path", "/v1.0/healthz"), Integer.parseInt(f.getOrDefault("expect", "204")));
    return new LoadSpec(target, f.getOrDefault("mode", "rate"), Integer.parseInt(f.getOrDefault("rate", "1000")),
        Integer.parseInt(f.getOrDefault("connections", "16")),
        Math.round(Double.parseDouble(f.getOrDefault("duration", "10")) * 1000),
        Math.round(Double.parseDouble(f.getOrDefault("warmup", "2")) * 1000),
        Integer.parseInt(f.getOrDefault("payload", "1024")));
  }

  private static void summarize(LoadResult r, PrintStream out) {
    Histogram latency = r.latencyHistogram();
    Histogram service = r.serviceHistogram();
    out.printf("%s %s: %d answers in %.2f s = %.1f/s, %d transport errors, %d unexpected, codes %s%n",
        r.target(), r.mode(), r.completed(), r.windowNs() / 1e9, r.throughput(), r.transportErrors(),
        r.unexpected(), r.codes());
    out.printf("latency ms (from %s): p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f  mean %.3f%n",
        r.mode().equals("rate") ? "intended send" : "send", ms(latency, 50), ms(latency, 90), ms(latency, 99),
        ms(latency, 99.9), latency.getMaxValue() / 1e6, latency.getMean() / 1e6);
    out.printf("service ms (from send):  p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f%n",
        ms(service, 50), ms(service, 90), ms(service, 99), ms(service, 99.9), service.getMaxValue() / 1e6);
    out.printf("generator CPU: %.2f s over the window%n", r.generatorCpuNs() / 1e9);
  }

  private static double ms(Histogram h, double percentile) {
    return h.getValueAtPercentile(percentile) / 1e6;
  }
}
