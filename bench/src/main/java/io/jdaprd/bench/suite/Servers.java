package io.jdaprd.bench.suite;

import io.jdaprd.bench.floor.FloorServer;
import io.jdaprd.bench.floor.RelayFloor;
import io.jdaprd.bench.report.RunReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The servers the sidecar is measured against: the floor (a bare Armeria server) and a private Redis. */
final class Servers {
  private Servers() {
  }

  /** A running floor server process. */
  record Floor(Process process, int httpPort, int grpcPort) {
  }

  /** Starts the floor server ({@link FloorServer}) with default JVM settings and waits for its ports. */
  static Floor startFloor(Env env) throws IOException {
    return startFloor(env, "floor.log");
  }

  /**
   * Starts the floor server with default JVM settings and {@link FloorServer}'s {@code flags} (for example
   * {@code --redis-port P}, {@code --deliver-to A}), logging to {@code log}, and waits for its ports.
   */
  static Floor startFloor(Env env, String log, String... flags) throws IOException {
    List<String> command = env.benchJava(List.of(), FloorServer.class.getName());
    command.addAll(List.of(flags));
    return startFloor(env, command, log);
  }

  /**
   * Starts a floor server under the sidecar's JVM flags {@code v}, from its own AOT cache when one could be recorded
   * ({@link AotCache#floorFlags}), and waits for its ports: the floor of the sidecar's memory under load.
   */
  static Floor startFloorLike(Env env, JvmVariant v) throws IOException, InterruptedException {
    List<String> flags = new ArrayList<>(v.flags());
    flags.addAll(AotCache.floorFlags(env, v));
    return startFloor(env, env.benchJarJava(flags, FloorServer.class.getName()), "floor-" + v.key() + ".log");
  }

  /**
   * Starts a relay ({@link RelayFloor}) with {@code flags} under the sidecar's JVM flags {@code v}, logging to
   * {@code log}, and waits for its port (both of the returned ports).
   */
  static Floor startRelay(Env env, JvmVariant v, String log, String... flags) throws IOException {
    List<String> command = env.benchJarJava(v.flags(), RelayFloor.class.getName());
    command.addAll(List.of(flags));
    return startFloor(env, command, log);
  }

  private static Floor startFloor(Env env, List<String> command, String log) throws IOException {
    Process p = env.spawn(command, env.logs.resolve(log), Map.of(), "1", true);
    Matcher m = Pattern.compile("READY http=(\\d+) grpc=(\\d+)").matcher(readyLine(env, p, log));
    if (!m.find()) {
      throw new IOException("the floor server's READY line has no ports (see " + env.logs.resolve(log) + ")");
    }
    return new Floor(p, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  /**
   * Reads a floor server's stdout up to its READY line (both ports listening) and returns that line; the pipe stays
   * open, the server writes nothing after it.
   *
   * @throws IOException when the server exited first (its stderr is in {@code log})
   */
  static String readyLine(Env env, Process p, String log) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.contains("READY")) {
        return line;
      }
    }
    throw new IOException("the floor server exited (see " + env.logs.resolve(log) + ")");
  }

  /**
   * Starts a second floor server under the sidecar's JVM flags {@code v} {@code runs} times, from its own AOT cache
   * when one could be recorded ({@link AotCache#floorFlags}), and measures what a bare Armeria HTTP and gRPC server
   * costs before any request: the time from spawning the process to its READY line (both ports listening), and its
   * resident memory 5 s later (when the sidecar's idle RSS is read too). The medians are the floor of the sidecar's
   * start and idle-memory rows.
   */
  static RunReport.FloorFootprint footprint(Env env, JvmVariant v, int runs) throws IOException,
      InterruptedException {
    boolean cached = !AotCache.floorFlags(env, v).isEmpty(); // recorded here, before any start is timed
    List<Double> starts = new ArrayList<>();
    List<Double> rss = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      Floor f = startFloorLike(env, v);
      try {
        starts.add((System.nanoTime() - t0) / 1e6);
        Thread.sleep(5000);
        rss.add(Proc.rssMib(f.process().pid()));
      } finally {
        env.end(f.process(), 5);
      }
    }
    return new RunReport.FloorFootprint(cached, VariantRunner.median(starts), VariantRunner.median(rss), -1);
  }


  /** A running private Redis. */
  record Redis(Process process, int port) {
  }

  /** The Redis server binary, when this machine has one. */
  static Path redisBinary() {
    Path p = Path.of("/usr/bin/redis-server");
    return Files.isExecutable(p) ? p : null;
  }

  /** Starts a private, memory-only redis-server on a free loopback port. */
  static Redis startRedis(Env env) throws IOException, InterruptedException {
    int port = Proc.freePort();
    Process p = env.spawn(List.of(redisBinary().toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--protected-mode", "yes", "--daemonize", "no"),
        env.logs.resolve("redis.log"), Map.of(), "1", false);
    for (int i = 0; i < 200 && !Proc.listening(port); i++) {
      if (!p.isAlive()) {
        throw new IOException("redis-server exited (see " + env.logs.resolve("redis.log") + ")");
      }
      Thread.sleep(25);
    }
    return new Redis(p, port);
  }
}
