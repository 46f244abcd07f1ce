package io.jdaprd.bench.suite;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A set of JVM flags the sidecar runs under, on top of what the launcher always passes. The known sets are the
 * candidates for the launcher's defaults; {@code --jvm-variant name=flags} adds others.
 *
 * @param name  the name the report uses
 * @param flags the JVM options, in order
 */
record JvmVariant(String name, List<String> flags) {
  /** The candidates, in the order the README discusses them. */
  static final Map<String, List<String>> KNOWN = known();

  private static Map<String, List<String>> known() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("default", List.of());
    m.put("serial", List.of("-XX:+UseSerialGC"));
    m.put("serial-c1", List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    m.put("parallel", List.of("-XX:+UseParallelGC"));
    m.put("compact", List.of("-XX:+UseCompactObjectHeaders"));
    m.put("serial-capped", List.of("-XX:+UseSerialGC", "-Xms16m", "-Xmx64m", "-XX:+UseCompactObjectHeaders"));
    m.put("small", List.of("-XX:+UseSerialGC", "-Xms16m", "-Xmx64m", "-XX:+UseCompactObjectHeaders",
        "-XX:ReservedCodeCacheSize=32m", "-Xss512k", "-XX:MaxMetaspaceSize=96m",
        "-Dio.netty.allocator.numDirectArenas=1", "-Dio.netty.allocator.numHeapArenas=1"));
    m.put("lean", List.of("-XX:+UseSerialGC", "-Xms16m", "-Xmx64m", "-XX:+UseCompactObjectHeaders",
        "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=32m", "-Xss512k", "-XX:MaxMetaspaceSize=96m",
        "-Dio.netty.allocator.numDirectArenas=1", "-Dio.netty.allocator.numHeapArenas=1"));
    return m;
  }

  /** The name of the set {@code ./jdaprd} runs with ({@code bin/jvm-options}), read when asked for. */
  static final String LAUNCHER = "launcher";

  /**
   * {@code name} from the known sets, {@link #LAUNCHER}, or {@code custom} ({@code name=flags} definitions).
   *
   * @param root the repository root, where {@code bin/jvm-options} is
   */
  static JvmVariant named(String name, Map<String, String> custom, java.nio.file.Path root) {
    if (name.equals(LAUNCHER) && !custom.containsKey(name)) {
      return new JvmVariant(name, launcherFlags(root));
    }
    if (custom.containsKey(name)) {
      String flags = custom.get(name).trim();
      return new JvmVariant(name, flags.isEmpty() ? List.of() : Arrays.asList(flags.split("\\s+")));
    }
    List<String> flags = KNOWN.get(name);
    if (flags == null) {
      throw new IllegalArgumentException("--jvm-variants: " + name + " (expected one of " + KNOWN.keySet()
          + " or a name given with --jvm-variant name=flags)");
    }
    return new JvmVariant(name, flags);
  }

  /** The flags of {@code bin/jvm-options} for this JDK, without the {@code --} options the base flags carry. */
  private static List<String> launcherFlags(java.nio.file.Path root) {
    try {
      Process p = new ProcessBuilder(root.resolve("bin/jvm-options").toString(),
          Integer.toString(Runtime.version().feature())).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IllegalArgumentException("bin/jvm-options failed: " + out.trim());
      }
      return out.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("--")).toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A short, file-name-safe key of the flags (used to name the AOT cache recorded with them). */
  String key() {
    return name.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + Integer.toHexString(flags.hashCode());
  }
}
