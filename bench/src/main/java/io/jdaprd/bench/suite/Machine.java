package io.jdaprd.bench.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the numbers were measured on, from {@code /proc} and the JVM. */
final class Machine {
  private Machine() {
  }

  static Map<String, Object> describe(Env env) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cpu", firstValue(Path.of("/proc/cpuinfo"), "model name"));
    m.put("cores", Runtime.getRuntime().availableProcessors());
    String memKib = firstValue(Path.of("/proc/meminfo"), "MemTotal").replace("kB", "").trim();
    m.put("memoryGib", memKib.isEmpty() ? -1 : Math.round(Long.parseLong(memKib) / 1024.0 / 1024.0 * 10) / 10.0);
    m.put("kernel", read(Path.of("/proc/sys/kernel/osrelease")));
    m.put("jdk", System.getProperty("java.vendor") + " " + System.getProperty("java.vm.version"));
    m.put("jdkMajor", env.jdkMajor);
    m.put("loadAverageBefore", loadAverage());
    return m;
  }

  /** The 1, 5 and 15 minute load averages, as {@code /proc/loadavg} has them. */
  static String loadAverage() {
    String s = read(Path.of("/proc/loadavg"));
    String[] parts = s.split(" ");
    return parts.length >= 3 ? parts[0] + " " + parts[1] + " " + parts[2] : s;
  }

  private static String firstValue(Path file, String key) {
    try {
      return Files.readAllLines(file).stream().filter(l -> l.startsWith(key)).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("");
    } catch (IOException e) {
      return "";
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).trim();
    } catch (IOException e) {
      return "";
    }
  }
}
