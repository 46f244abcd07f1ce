package io.jdaprd.components.nameresolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.components.nameresolution.DnsMessage.Question;
import io.jdaprd.components.nameresolution.DnsMessage.Record;
import io.jdaprd.components.nameresolution.DnsMessage.Srv;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The DNS wire format, against packets laid out as zeroconf sends them. */
class DnsMessageTest {

  @Test
  @DisplayName("a zeroconf browsing answer with compressed names is read record by record")
  void readsZeroconfAnswer() throws Exception {
    byte[] packet = ZeroconfPackets.browsingAnswer("myapp", "host:42", "host", 50002, "myapp",
        new byte[] {10, 0, 0, 5}, 3200);
    DnsMessage message = DnsMessage.decode(packet, packet.length);
    assertThat(message.response()).isTrue();
    assertThat(message.questions()).isEmpty();
    assertThat(message.records()).containsExactly(
        new Record(List.of("myapp", "local"), DnsMessage.PTR, 1, 3200, List.of("host:42", "myapp", "local")),
        new Record(List.of("host:42", "myapp", "local"), DnsMessage.SRV, 1, 3200,
            new Srv(0, 0, 50002, List.of("host", "local"))),
        new Record(List.of("host:42", "myapp", "local"), DnsMessage.TXT, 1, 3200, List.of("myapp")),
        new Record(List.of("host", "local"), DnsMessage.A, 1, 120, InetAddress.getByName("10.0.0.5")));
  }

  @Test
  @DisplayName("what we write reads back the same, a label may hold a dot, and the header is an mDNS response's")
  void roundTrip() throws Exception {
    DnsMessage message = new DnsMessage(0, true, List.of(new Question(List.of("a", "local"), DnsMessage.PTR, 1)),
        List.of(new Record(List.of("a", "local"), DnsMessage.PTR, 1, 4500, List.of("h.lan:1", "a", "local")),
            new Record(List.of("h.lan:1", "a", "local"), DnsMessage.SRV, 0x8001, 120,
                new Srv(0, 0, 7, List.of("h", "lan", "local"))),
            new Record(List.of("h.lan:1", "a", "local"), DnsMessage.TXT, 0x8001, 4500, List.of("a")),
            new Record(List.of("h", "lan", "local"), DnsMessage.AAAA, 0x8001, 120, InetAddress.getByName("fd00::2"))));
    byte[] bytes = message.encode();
    assertThat(Arrays.copyOf(bytes, 4)).containsExactly(0, 0, 0x84, 0);
    assertThat(DnsMessage.decode(bytes, bytes.length)).isEqualTo(message);
  }

  @Test
  @DisplayName("a truncated packet or a pointer loop is refused")
  void malformed() {
    byte[] packet = ZeroconfPackets.browsingAnswer("myapp", "host:42", "host", 1, "myapp", new byte[4], 1);
    assertThatThrownBy(() -> DnsMessage.decode(packet, packet.length - 3))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] loop = {0, 0, (byte) 0x84, 0, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xC0, 12, 0, 12, 0, 1};
    assertThatThrownBy(() -> DnsMessage.decode(loop, loop.length)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("loop");
  }

  @Test
  @DisplayName("names compare without regard to ASCII case")
  void sameName() {
    assertThat(DnsMessage.sameName(List.of("MyApp", "LOCAL"), List.of("myapp", "local"))).isTrue();
    assertThat(DnsMessage.sameName(List.of("myapp", "local"), List.of("myapp"))).isFalse();
  }
}
