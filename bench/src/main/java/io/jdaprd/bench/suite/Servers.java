package io.jdaprd.bench.suite;

import io.jdaprd.bench.floor.FloorServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    Process p = env.spawn(env.benchJava(List.of(), FloorServer.class.getName()), env.logs.resolve("floor.log"),
        Map.of(), "1", true);
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    Pattern ready = Pattern.compile("READY http=(\\d+) grpc=(\\d+)");
    while ((line = out.readLine()) != null) {
      Matcher m = ready.matcher(line);
      if (m.find()) {
        return new Floor(p, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
      }
    }
    throw new IOException("the floor server exited (see " + env.logs.resolve("floor.log") + ")");
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
