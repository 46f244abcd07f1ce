package io.jdaprd.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jdaprd.bench.report.RunReport.JmhScore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the JMH microbenchmarks ({@code bench/target/benchmarks.jar}, as {@code bench/jmh} does), briefly. */
final class Jmh {
  private Jmh() {
  }

  static List<JmhScore> run(Env env, Options o, List<String> notes) throws IOException, InterruptedException {
    Path jar = env.root.resolve("bench/target/benchmarks.jar");
    if (!Files.isRegularFile(jar)) {
      notes.add("jmh: skipped, no " + jar);
      return List.of();
    }
    Path json = env.logs.resolve("jmh.json");
    Files.deleteIfExists(json);
    List<String> cmd = new ArrayList<>(List.of(env.java.toString()));
    cmd.addAll(env.baseJvmFlags());
    cmd.addAll(List.of("-jar", jar.toString(), "-f", "1", "-wi", o.quick ? "0" : "2", "-w", "1s", "-i",
        o.quick ? "1" : "3", "-r", "1s", "-rf", "json", "-rff", json.toString()));
    Log.line("jmh: %s", String.join(" ", cmd.subList(cmd.indexOf("-jar"), cmd.size())));
    Process p = env.spawn(cmd, env.logs.resolve("jmh.log"), Map.of(), "1", false);
    p.waitFor();
    env.end(p, 1);
    if (!Files.isRegularFile(json)) {
      notes.add("jmh: no results (see " + env.logs.resolve("jmh.log") + ")");
      return List.of();
    }
    List<JmhScore> scores = new ArrayList<>();
    for (JsonNode b : new ObjectMapper().readTree(json.toFile())) {
      String name = b.path("benchmark").asText();
      JsonNode m = b.path("primaryMetric");
      scores.add(new JmhScore(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1),
          m.path("score").asDouble(), m.path("scoreError").asDouble(), m.path("scoreUnit").asText()));
    }
    return scores;
  }
}
