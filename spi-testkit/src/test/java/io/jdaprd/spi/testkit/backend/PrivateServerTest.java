package io.jdaprd.spi.testkit.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lifecycle every backend harness inherits, with {@code sh} as the server. */
class PrivateServerTest {

  /** Runs {@code script} with {@code $1} = its port; ready once the script wrote the file {@code ready}. */
  static final class ShellServer extends PrivateServer {
    private final String script;
    final List<Integer> launchedOn = new ArrayList<>();

    ShellServer(String script, Duration startTimeout) throws IOException {
      super("shell", Files.createTempDirectory("jdaprd-shell-"), 2, startTimeout);
      this.script = script;
    }

    void start() throws IOException, InterruptedException {
      startOnFreePorts();
    }

    @Override
    protected void beforeLaunch() throws IOException {
      Files.deleteIfExists(directory().resolve("ready"));
      launchedOn.add(port());
    }

    @Override
    protected List<String> command() {
      return List.of("/bin/sh", "-c", script, "shell", String.valueOf(port()));
    }

    @Override
    protected boolean ready() {
      return Files.exists(directory().resolve("ready"));
    }
  }

  @Test
  void startsStopsRestartsOnTheSamePortsAndDeletesItsDirectoryOnClose() throws Exception {
    ShellServer server = new ShellServer("echo started on $1 >> data; touch ready; exec sleep 60", Duration.ofSeconds(30));
    try (server) {
      server.start();
      assertThat(server.isRunning()).isTrue();
      assertThat(server.port()).isNotEqualTo(server.port(1));
      int port = server.port();
      server.restart();
      server.stop();
      assertThat(server.isRunning()).isFalse();
      server.startAgain();
      assertThat(server.launchedOn).containsExactly(port, port, port);
      assertThat(Files.readAllLines(server.directory().resolve("data"))).hasSize(3);
    }
    assertThat(server.directory()).doesNotExist();
    assertThat(server.isRunning()).isFalse();
  }

  @Test
  void aServerThatExitsAtStartIsTriedOnNewPortsThenReportedWithItsLog() throws Exception {
    ShellServer server = new ShellServer("echo cannot bind $1; exit 3", Duration.ofSeconds(30));
    assertThatThrownBy(server::start).isInstanceOf(IOException.class)
        .hasMessage("shell did not start in " + PrivateServer.START_ATTEMPTS + " attempts")
        .cause().hasMessageContaining("exited at start (code 3)").hasMessageContaining("cannot bind");
    assertThat(server.launchedOn).hasSize(PrivateServer.START_ATTEMPTS).doesNotHaveDuplicates();
    assertThat(server.directory()).doesNotExist();
  }

  @Test
  void aServerNotReadyInTimeIsStoppedAndTriedAgain() throws Exception {
    Path marker = Files.createTempFile("jdaprd-shell-", ".attempts");
    ShellServer server = new ShellServer("echo x >> " + marker + "; if [ $(wc -l < " + marker
        + ") -ge 2 ]; then touch ready; fi; exec sleep 60", Duration.ofSeconds(1));
    try (server) {
      server.start();
      assertThat(server.launchedOn).hasSize(2);
    } finally {
      Files.delete(marker);
    }
  }

  @Test
  void freePortsAreFreeAndDistinct() throws Exception {
    int first = PrivateServer.freePort();
    int second = PrivateServer.freePort(first);
    assertThat(second).isNotEqualTo(first);
    try (ServerSocket socket = new ServerSocket(second, 1, InetAddress.getLoopbackAddress())) {
      assertThat(socket.getLocalPort()).isEqualTo(second);
    }
  }
}
