package io.jdaprd.bench.soak;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Runs a soak against a sidecar that is up and has an app ({@link SoakApp}) behind it: calls at a constant rate,
 * in turn a state save, a state get, a publish, an invocation of the app's {@code /echo} and an actor call (keys and
 * actor ids drawn from bounded sets, so that nothing the sidecar legitimately keeps grows), each timed from the
 * instant it was planned for. At most {@value #MAX_IN_FLIGHT} calls are in flight (so at most as many connections):
 * when the sidecar falls behind, the next call waits for room, its latency still counted from its planned instant,
 * and the calls not sent by the end of the run are reported as the shortfall of the rate, not as errors. A run whose
 * generator is still behind its plan when the warm-up ends goes on until it has been at the rate for the planned time
 * after the warm-up ({@link SoakConfig#duration}). After the load, waits for the acknowledged publishes to be
 * delivered; those never delivered are lost.
 */
public final class Soak {
  static final int MAX_IN_FLIGHT = 64;
  private static final int KEYS = 1000;
  private static final int ACTORS = 200;
  private static final String[] KINDS = {"state-save", "state-get", "publish", "invoke", "actor"};
  private static final Duration DELIVERY_WAIT = Duration.ofSeconds(60);
  /** How far behind its plan the generator may be and count as at the rate (the end of a late warm-up). */
  private static final long LAG_CAUGHT_UP_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final SoakConfig config;
  private final SoakApp app;
  private final HttpClient client;
  private final ExecutorService clientExecutor = Executors.newVirtualThreadPerTaskExecutor();
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
  private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
  private final List<String> firstErrors = Collections.synchronizedList(new ArrayList<>());
  private final BitSet acked = new BitSet();
  private final AtomicLong requests = new AtomicLong();
  private final String pad = "x".repeat(256);
  private long[] latencies = new long[4096];
  private int latencyCount;
  private long completed;

  private Soak(SoakConfig config, SoakApp app) {
    this.config = config;
    this.app = app;
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientExecutor)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  /**
   * Soaks the sidecar of {@code config} with {@code app} behind it; {@code progress} gets each sample as it is
   * taken.
   */
  public static SoakResult run(SoakConfig config, SoakApp app, Consumer<SoakResult.Sample> progress)
      throws InterruptedException {
    Soak s = new Soak(config, app);
    try {
      return s.run(progress);
    } finally {
      s.client.close();
      s.clientExecutor.shutdownNow();
    }
  }

  private SoakResult run(Consumer<SoakResult.Sample> progress) throws InterruptedException {
    List<SoakResult.Sample> samples = new ArrayList<>();
    CompletableFuture<Double> heapAfterWarmup = CompletableFuture.completedFuture(-1.0);
    long periodNanos = 1_000_000_000L / config.rate();
    long intervalNanos = config.interval().toNanos();
    long start = System.nanoTime();
    long end = start + config.duration().toNanos();
    long nextSample = start + intervalNanos;
    boolean warmedUp = false;
    boolean caughtUp = false;
    boolean behindAfterWarmup = false;
    long plannedCalls = 0;
    for (long i = 0; ; i++) {
      long planned = start + i * periodNanos;
      if (planned >= end) {
        break;
      }
      plannedCalls = i + 1;
      long now;
      while ((now = System.nanoTime()) < planned) {
        LockSupport.parkNanos(planned - now);
      }
      if (now >= nextSample) {
        samples.add(sample(now - start, now - planned));
        progress.accept(samples.getLast());
        nextSample += intervalNanos;
        if (!caughtUp && now - start >= config.warmup().toNanos()) {
          if (now - planned >= LAG_CAUGHT_UP_NANOS) {
            behindAfterWarmup = true;
          } else {
            caughtUp = true;
            if (behindAfterWarmup) {
              end = Math.max(end, Math.min(now + config.duration().minus(config.warmup()).toNanos(),
                  start + 2 * config.duration().toNanos()));
            }
          }
        }
        if (!warmedUp && now - start >= config.warmup().toNanos()) {
          warmedUp = true;
          heapAfterWarmup = CompletableFuture.supplyAsync(() -> ProcStats.heapAfterGcMib(config.pid()),
              r -> Thread.ofPlatform().daemon().start(r));
        }
      }
      if (!inFlight.tryAcquire(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        break;
      }
      send(i, planned);
    }
    long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (inFlight.availablePermits() < MAX_IN_FLIGHT && System.nanoTime() < drainUntil) {
      Thread.sleep(10);
    }
    samples.add(sample(System.nanoTime() - start, 0));
    progress.accept(samples.getLast());
    double heapAtEnd = ProcStats.heapAfterGcMib(config.pid());
    long published;
    long lost;
    long waitUntil = System.nanoTime() + DELIVERY_WAIT.toNanos();
    do {
      published = 0;
      lost = 0;
      synchronized (acked) {
        for (int seq = acked.nextSetBit(0); seq >= 0; seq = acked.nextSetBit(seq + 1)) {
          published++;
          if (!app.delivered(seq)) {
            lost++;
          }
        }
      }
      if (lost > 0) {
        Thread.sleep(200);
      }
    } while (lost > 0 && System.nanoTime() < waitUntil);
    Map<String, Long> errorCounts = new TreeMap<>();
    errors.forEach((k, v) -> errorCounts.put(k, v.get()));
    return new SoakResult(samples, warmupEnd(samples), plannedCalls,
        requests.get(), errorCounts,
        List.copyOf(firstErrors), published, lost, app.deliveries(), app.callsWithoutToken(),
        heapAfterWarmup.join(), heapAtEnd);
  }

  /**
   * Where the warm-up ends: at the configured time, or later at the first sample where the generator was no longer
   * behind its plan (lag under a second), so that working off a backlog left by a cold start is not read as a trend.
   */
  private double warmupEnd(List<SoakResult.Sample> samples) {
    double warmup = config.warmup().toSeconds();
    for (SoakResult.Sample s : samples) {
      if (s.seconds() >= warmup && s.lagMs() < LAG_CAUGHT_UP_NANOS / 1e6) {
        return Math.max(warmup, s.seconds() - 1e-3);
      }
    }
    return samples.isEmpty() ? warmup : samples.getLast().seconds();
  }

  private SoakResult.Sample sample(long sinceStartNanos, long lagNanos) {
    long[] l;
    long n;
    synchronized (this) {
      l = Arrays.copyOf(latencies, latencyCount);
      n = completed;
      latencyCount = 0;
      completed = 0;
    }
    Arrays.sort(l);
    double p99 = l.length == 0 ? 0 : l[Math.min(l.length - 1, (int) Math.ceil(l.length * 0.99) - 1)] / 1e6;
    long pid = config.pid();
    return new SoakResult.Sample(sinceStartNanos / 1e9, ProcStats.rssMib(pid), ProcStats.threads(pid),
        ProcStats.fds(pid), p99, n, lagNanos / 1e6);
  }

  private synchronized void record(long nanos) {
    if (latencyCount == latencies.length) {
      latencies = Arrays.copyOf(latencies, latencies.length * 2);
    }
    latencies[latencyCount++] = nanos;
    completed++;
  }

  private void send(long i, long planned) {
    String kind = KINDS[(int) (i % KINDS.length)];
    requests.incrementAndGet();
    int seq = (int) (i / KINDS.length);
    String key = "soak-" + (seq % KEYS);
    String base = "http://127.0.0.1:" + config.httpPort();
    HttpRequest.Builder b = HttpRequest.newBuilder().timeout(Duration.ofSeconds(10));
    if (config.apiToken() != null) {
      b.header("dapr-api-token", config.apiToken());
    }
    String echo = "{\"n\":" + seq + "}";
    switch (kind) {
      case "state-save" -> b.uri(URI.create(base + "/v1.0/state/statestore")).header("Content-Type",
          "application/json").POST(HttpRequest.BodyPublishers.ofString("[{\"key\":\"" + key + "\",\"value\":{\"n\":"
          + seq + ",\"pad\":\"" + pad + "\"}}]"));
      case "state-get" -> b.uri(URI.create(base + "/v1.0/state/statestore/" + key)).GET();
      case "publish" -> b.uri(URI.create(base + "/v1.0/publish/" + SoakApp.PUBSUB + "/" + SoakApp.TOPIC))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"seq\":" + seq
          + "}"));
      case "invoke" -> b.uri(URI.create(base + "/v1.0/invoke/" + config.appId() + "/method/echo"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(echo));
      default -> b.uri(URI.create(base + "/v1.0/actors/" + SoakApp.ACTOR_TYPE + "/a-" + (seq % ACTORS)
          + "/method/ping")).PUT(HttpRequest.BodyPublishers.ofString("{}"));
    }
    client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
      inFlight.release();
      record(System.nanoTime() - planned);
      if (e != null) {
        fail(kind, e.getClass().getSimpleName() + ": " + e.getMessage());
        return;
      }
      int status = r.statusCode();
      boolean ok = switch (kind) {
        case "state-save", "publish" -> status == 204;
        case "state-get" -> status == 200 || status == 204;
        case "invoke" -> status == 200 && r.body().equals(echo);
        default -> status == 200;
      };
      if (!ok) {
        fail(kind, status + " " + r.body());
      } else if (kind.equals("publish")) {
        synchronized (acked) {
          acked.set(seq);
        }
      }
    });
  }

  private void fail(String kind, String what) {
    errors.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    if (firstErrors.size() < 10) {
      firstErrors.add(kind + ": " + what);
    }
  }
}
