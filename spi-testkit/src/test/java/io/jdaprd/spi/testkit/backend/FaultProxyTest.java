package io.jdaprd.spi.testkit.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each fault of {@link FaultProxy}, in front of a line echo server. */
class FaultProxyTest {
  private ServerSocket echo;
  private Thread echoThread;
  private FaultProxy proxy;

  @BeforeEach
  void start() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    echoThread = Thread.ofVirtual().start(() -> {
      while (!echo.isClosed()) {
        try {
          Socket s = echo.accept();
          Thread.ofVirtual().start(() -> {
            try (s) {
              s.getInputStream().transferTo(s.getOutputStream());
            } catch (IOException e) {
              // the test reset it
            }
          });
        } catch (IOException e) {
          return;
        }
      }
    });
    proxy = FaultProxy.start("echo", echo.getLocalPort());
  }

  @AfterEach
  void stop() throws Exception {
    proxy.close();
    echo.close();
    echoThread.join(2000);
  }

  @Test
  void passesBytesBothWaysAndCountsConnections() throws Exception {
    try (Socket s = connect()) {
      assertThat(roundTrip(s, "hello")).isEqualTo("hello");
      assertThat(proxy.openConnections()).isEqualTo(1);
    }
    Thread.sleep(200);
    assertThat(proxy.openConnections()).isZero();
    assertThat(proxy.acceptedConnections()).isEqualTo(1);
  }

  @Test
  void latencyDelaysEachDirection() throws Exception {
    try (Socket s = connect()) {
      roundTrip(s, "warm");
      proxy.latency(Duration.ofMillis(150));
      long started = System.nanoTime();
      assertThat(roundTrip(s, "slow")).isEqualTo("slow");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
      proxy.heal();
      started = System.nanoTime();
      roundTrip(s, "fast");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(300));
    }
  }

  @Test
  void resetAbortsOpenConnectionsOnly() throws Exception {
    try (Socket s = connect()) {
      roundTrip(s, "before");
      proxy.reset();
      assertThatThrownBy(() -> {
        for (int i = 0; i < 10; i++) {
          roundTrip(s, "after");
        }
      }).isInstanceOf(SocketException.class).hasMessageContaining("reset");
    }
    try (Socket s = connect()) {
      assertThat(roundTrip(s, "again")).isEqualTo("again");
    }
  }

  @Test
  void refuseResetsNewConnectionsUntilHealed() throws Exception {
    proxy.refuse();
    try (Socket s = connect()) {
      assertThatThrownBy(() -> roundTrip(s, "no")).isInstanceOf(IOException.class);
    }
    proxy.heal();
    try (Socket s = connect()) {
      assertThat(roundTrip(s, "yes")).isEqualTo("yes");
    }
  }

  @Test
  void blackholeHoldsBytesUntilHealed() throws Exception {
    try (Socket s = connect()) {
      roundTrip(s, "before");
      proxy.blackhole();
      s.setSoTimeout(300);
      write(s, "held");
      assertThatThrownBy(() -> read(s, 4)).isInstanceOf(SocketTimeoutException.class);
      try (Socket other = connect()) {
        other.setSoTimeout(300);
        write(other, "new");
        assertThatThrownBy(() -> read(other, 3)).isInstanceOf(SocketTimeoutException.class);
        assertThat(proxy.openConnections()).isEqualTo(2);
        proxy.heal();
        other.setSoTimeout(2000);
        assertThat(read(other, 3)).isEqualTo("new");
      }
      s.setSoTimeout(2000);
      assertThat(read(s, 4)).isEqualTo("held");
    }
  }

  @Test
  void strandSilencesOpenConnectionsForGoodWhileNewOnesPass() throws Exception {
    try (Socket s = connect()) {
      roundTrip(s, "before");
      proxy.strand();
      s.setSoTimeout(300);
      write(s, "lost");
      assertThatThrownBy(() -> read(s, 4)).isInstanceOf(SocketTimeoutException.class);
      proxy.heal();
      try (Socket other = connect()) {
        assertThat(roundTrip(other, "new")).isEqualTo("new");
      }
      s.shutdownOutput();
      assertThatThrownBy(() -> read(s, 4)).as("neither the bytes nor the close pass, even after heal()")
          .isInstanceOf(SocketTimeoutException.class);
    }
  }

  @Test
  void closeResetsWhatIsOpen() throws Exception {
    try (Socket s = connect()) {
      roundTrip(s, "x");
      proxy.close();
      s.setSoTimeout(2000);
      assertThatThrownBy(() -> {
        for (int i = 0; i < 10; i++) {
          roundTrip(s, "y");
        }
      }).isInstanceOf(IOException.class);
    }
  }

  private Socket connect() throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
    s.setSoTimeout(5000);
    return s;
  }

  private static String roundTrip(Socket s, String text) throws IOException {
    write(s, text);
    return read(s, text.length());
  }

  private static void write(Socket s, String text) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static String read(Socket s, int length) throws IOException {
    InputStream in = s.getInputStream();
    byte[] bytes = in.readNBytes(length);
    if (bytes.length < length) {
      throw new IOException("closed after " + bytes.length + " bytes");
    }
    return new String(bytes, StandardCharsets.US_ASCII);
  }
}
