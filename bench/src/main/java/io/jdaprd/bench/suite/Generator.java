package io.jdaprd.bench.suite;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jdaprd.bench.load.LoadMain;
import io.jdaprd.bench.load.LoadResult;
import io.jdaprd.bench.load.LoadSpec;
import io.jdaprd.bench.load.Target;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The load generator process ({@link LoadMain} {@code --serve}), started once and kept warm: a spec goes in as a
 * JSON line, {@code START} and {@code RESULT} come back. Runs with a fixed, pre-touched heap so that its own
 * collections stay short and do not grow into the measurement.
 */
final class Generator implements AutoCloseable {
  private static final List<String> JVM_FLAGS = List.of("-Xms512m", "-Xmx512m", "-XX:+UseParallelGC",
      "-XX:+AlwaysPreTouch");

  private final Env env;
  private final Process process;
  private final Writer in;
  private final BufferedReader out;
  private final ObjectMapper json = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  Generator(Env env) throws IOException {
    this.env = env;
    List<String> cmd = new ArrayList<>(env.benchJava(JVM_FLAGS, LoadMain.class.getName()));
    cmd.addAll(List.of("--serve", "--threads", "2"));
    this.process = env.spawn(cmd, env.logs.resolve("generator.log"), Map.of(), "0", true);
    this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  long pid() {
    return process.pid();
  }

  /** Runs {@code spec}; {@code windowStart} runs when the generator says the measured window opens. */
  LoadResult run(LoadSpec spec, Runnable windowStart) throws IOException {
    in.write(json.writeValueAsString(spec) + "\n");
    in.flush();
    String line;
    while ((line = out.readLine()) != null) {
      if (line.equals("START")) {
        windowStart.run();
      } else if (line.startsWith("RESULT ")) {
        return json.readValue(line.substring(7), LoadResult.class);
      } else if (line.startsWith("ERROR ")) {
        throw new IOException(spec.target().name() + ": " + line.substring(6));
      }
    }
    throw new IOException("the load generator exited (see " + env.logs.resolve("generator.log") + ")");
  }

  /**
   * Starts the generator's pub/sub receiver (the app of the {@code pubsub} scenario), if it is not running yet;
   * returns its port.
   */
  int receiverPort() throws IOException {
    in.write("RECEIVER\n");
    in.flush();
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("RECEIVER ")) {
        return Integer.parseInt(line.substring(9).trim());
      }
    }
    throw new IOException("the load generator exited (see " + env.logs.resolve("generator.log") + ")");
  }

  /** Sends one {@code actors} command ({@code LoadMain}'s {@code ACTOR...} lines); returns the words of the answer. */
  String[] actorCommand(String command) throws IOException {
    in.write(command + "\n");
    in.flush();
    String word = command.split(" ", 2)[0];
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith(word + " ") || line.equals(word)) {
        return line.split(" ");
      }
      if (line.startsWith("ERROR ")) {
        throw new IOException(word + ": " + line.substring(6));
      }
    }
    throw new IOException("the load generator exited (see " + env.logs.resolve("generator.log") + ")");
  }

  /**
   * Warms the generator's own code paths (HTTP GET and POST, gRPC) against the floor before anything is measured,
   * so that the first target measured does not pay for the generator's JIT compilation.
   */
  void warmUp(Servers.Floor floor, Options o) throws IOException {
    long ms = Math.round(Math.max(2, o.warmup) * 1000);
    for (Target t : List.of(Target.ping("warmup-get", floor.httpPort(), "/", 204),
        Target.state("warmup-save", "http", floor.httpPort(), "save", "statestore", "warmup", 204),
        Target.state("warmup-grpc", "grpc", floor.grpcPort(), "get", "statestore", "warmup", 0))) {
      run(new LoadSpec(t, "closed", o.rate, o.connections, ms, 0, o.payload), () -> { });
    }
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      // the process is ended below either way
    }
    env.end(process, 5);
  }
}
