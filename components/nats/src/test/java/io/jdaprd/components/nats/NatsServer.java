package io.jdaprd.components.nats;

import io.jdaprd.spi.testkit.backend.Binaries;
import io.jdaprd.spi.testkit.backend.PrivateServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A private {@code nats-server} with JetStream for one test class ({@link PrivateServer}), storing its streams in its
 * own directory. Never the shared instance on 4222. {@link #restart()} keeps the port and the store, so streams,
 * consumers and messages survive it.
 */
public final class NatsServer extends PrivateServer {
  private final Path binary;
  private final List<String> extraArgs;

  private NatsServer(Path binary, List<String> extraArgs, Path dir) {
    super("nats-server", dir, 1, Duration.ofSeconds(15));
    this.binary = binary;
    this.extraArgs = List.copyOf(extraArgs);
  }

  /** Starts a server on a free port, with {@code extraArgs} such as {@code --auth secret}. */
  public static NatsServer start(String... extraArgs) throws IOException, InterruptedException {
    Path binary = Binaries.require("nats-server", "the pubsub.jetstream tests");
    NatsServer server = new NatsServer(binary, List.of(extraArgs), Files.createTempDirectory("jdaprd-nats-"));
    server.startOnFreePorts();
    return server;
  }

  /** {@code nats://127.0.0.1:port}, as {@code natsURL} takes it. */
  public String url() {
    return "nats://127.0.0.1:" + port();
  }

  /** The directory under which JetStream keeps its files. */
  public Path storeDir() {
    return directory().resolve("store");
  }

  @Override
  protected List<String> command() {
    List<String> command = new ArrayList<>(List.of(binary.toString(), "-js", "-a", "127.0.0.1", "-p",
        String.valueOf(port()), "-sd", storeDir().toString(), "-n", "jdaprd-test-" + port()));
    command.addAll(extraArgs);
    return command;
  }

  /** Whether the server greets a new connection with its {@code INFO} line, as a ready server does. */
  @Override
  protected boolean ready() {
    return exchange(port(), "", 5).equals("INFO ");
  }
}
