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

  /** {@code name} from the known sets or from {@code custom} ({@code name=flags} definitions). */
  static JvmVariant named(String name, Map<String, String> custom) {
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

  /** A short, file-name-safe key of the flags (used to name the AOT cache recorded with them). */
  String key() {
    return name.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + Integer.toHexString(flags.hashCode());
  }
}
