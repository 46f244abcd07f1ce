package io.jdaprd.bench.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The class-data cache the launcher ({@code ./jdaprd}) records, recorded here the same way but once per JVM flag
 * set (a cache is only used by a JVM started with compatible flags): on JDK 25+ an AOT cache
 * ({@code -XX:AOTCacheOutput} during a training start with {@code JDAPRD_TRAINING_RUN=1}, then
 * {@code -XX:AOTCache}); on JDK 21-24 a dynamic CDS archive. Kept under {@code bench/target/aot} while newer than
 * the jar.
 */
final class AotCache {
  private AotCache() {
  }

  /** The options that use the variant's cache, recording it first if needed; empty when recording failed. */
  static List<String> flags(Env env, JvmVariant variant) throws IOException, InterruptedException {
    Path dir = Files.createDirectories(env.root.resolve("bench/target/aot"));
    boolean aot = env.jdkMajor >= 25;
    Path cache = dir.resolve(variant.key() + (aot ? ".aot" : ".jsa"));
    List<String> use = aot ? List.of("-XX:AOTCache=" + cache)
        : List.of("-XX:SharedArchiveFile=" + cache, "-XX:+AutoCreateSharedArchive");
    if (Files.isRegularFile(cache)
        && Files.getLastModifiedTime(cache).compareTo(Files.getLastModifiedTime(env.serverJar)) > 0) {
      return use;
    }
    Files.deleteIfExists(cache);
    List<String> record = aot ? List.of("-XX:AOTCacheOutput=" + cache) : use;
    Path home = Files.createDirectories(env.work.resolve("training-home"));
    List<String> cmd = new ArrayList<>(List.of(env.java.toString()));
    cmd.addAll(env.baseJvmFlags());
    cmd.addAll(variant.flags());
    cmd.addAll(record);
    cmd.addAll(List.of("-jar", env.serverJar.toString(), "--app-id", "jdaprd-training", "--dapr-http-port", "0",
        "--dapr-grpc-port", "0", "--metrics-port", "0", "--log-level", "error",
        "--dapr-internal-grpc-listen-address", "127.0.0.1"));
    Process p = env.spawn(cmd, env.logs.resolve("aot-" + variant.key() + ".log"), Map.of("HOME", home.toString(),
        "XDG_DATA_HOME", home.toString(), "JDAPRD_TRAINING_RUN", "1"), null, false);
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      env.end(p, 1);
    }
    env.end(p, 1);
    return Files.isRegularFile(cache) ? use : List.of();
  }

  /**
   * The options that start the floor server ({@code FloorServer}, with {@link Env#benchJarJava}) from an AOT cache
   * of its own, recorded under the variant's flags by one start that is ended (SIGTERM) 3 s after it is ready, and
   * kept while newer than the bench jar; empty before JDK 25 or when recording failed. The floor of the sidecar's
   * start and idle-memory rows, which are read with the sidecar's cache.
   */
  static List<String> floorFlags(Env env, JvmVariant variant) throws IOException, InterruptedException {
    if (env.jdkMajor < 25) {
      return List.of();
    }
    Path cache = Files.createDirectories(env.root.resolve("bench/target/aot")).resolve("floor-" + variant.key()
        + ".aot");
    List<String> use = List.of("-XX:AOTCache=" + cache);
    if (Files.isRegularFile(cache)
        && Files.getLastModifiedTime(cache).compareTo(Files.getLastModifiedTime(env.benchJar())) > 0) {
      return use;
    }
    Files.deleteIfExists(cache);
    List<String> flags = new ArrayList<>(variant.flags());
    flags.add("-XX:AOTCacheOutput=" + cache);
    Process p = env.spawn(env.benchJarJava(flags, io.jdaprd.bench.floor.FloorServer.class.getName()),
        env.logs.resolve("aot-floor-" + variant.key() + ".log"), Map.of(), null, true);
    try {
      Servers.readyLine(env, p, "aot-floor-" + variant.key() + ".log");
      Thread.sleep(3000);
    } finally {
      env.end(p, 60);
    }
    return Files.isRegularFile(cache) ? use : List.of();
  }
}
