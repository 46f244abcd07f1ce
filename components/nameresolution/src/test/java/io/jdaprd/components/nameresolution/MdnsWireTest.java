package io.jdaprd.components.nameresolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.components.nameresolution.DnsMessage.Record;
import io.jdaprd.components.nameresolution.DnsMessage.Srv;
import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.nameresolution.Instance;
import io.jdaprd.spi.nameresolution.ResolveRequest;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What goes over the wire, seen by a bare multicast socket playing daprd's zeroconf: the records this resolver
 * announces and answers, and that it accepts zeroconf's answers. Skipped loudly (failed under CI) without multicast.
 */
class MdnsWireTest {
  private MulticastSocket peer;
  private NetworkInterface nic;
  private final List<MdnsNameResolver> resolvers = new ArrayList<>();
  private String id;

  @BeforeAll
  static void multicastWorks() {
    Multicast.requireLoopback();
  }

  @BeforeEach
  void openPeer() throws IOException {
    id = "wire-" + UUID.randomUUID().toString().substring(0, 8);
    nic = NetworkInterface.networkInterfaces().filter(ni -> {
      try {
        return ni.isUp() && ni.supportsMulticast() && ni.isLoopback()
            && ni.inetAddresses().anyMatch(java.net.Inet4Address.class::isInstance);
      } catch (IOException e) {
        return false;
      }
    }).findFirst().orElseThrow();
    peer = new MulticastSocket(new InetSocketAddress(MdnsNameResolver.MDNS_PORT));
    peer.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
    peer.joinGroup(new InetSocketAddress(MdnsNameResolver.GROUP, 0), nic);
    peer.setNetworkInterface(nic);
    peer.setSoTimeout(200);
  }

  @AfterEach
  void close() {
    resolvers.forEach(MdnsNameResolver::close);
    peer.close();
  }

  private MdnsNameResolver start(String appId, String address, int port) throws ComponentException {
    MdnsNameResolver resolver = new MdnsNameResolver();
    resolvers.add(resolver);
    resolver.init(new Instance(appId, "default", address, 3500, port, 0),
        new ComponentMetadata("mdns", "nameresolution.mdns", "v1", appId, Map.of()));
    return resolver;
  }

  /** The next message the peer hears that {@code wanted} accepts, within 3 s. */
  private DnsMessage hear(DatagramSocket socket, Predicate<DnsMessage> wanted) throws IOException {
    byte[] buffer = new byte[9000];
    long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    while (System.nanoTime() < deadline) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
      } catch (SocketTimeoutException e) {
        continue;
      }
      try {
        DnsMessage message = DnsMessage.decode(packet.getData(), packet.getLength());
        if (wanted.test(message)) {
          return message;
        }
      } catch (IllegalArgumentException e) {
        // someone else's packet
      }
    }
    throw new AssertionError("no such message heard within 3 s");
  }

  private static Predicate<DnsMessage> responseAbout(String appId, long ttl) {
    return m -> m.response() && m.records().stream().anyMatch(r -> r.type() == DnsMessage.PTR
        && r.name().equals(List.of(appId, "local")) && r.ttl() == ttl);
  }

  @Test
  @DisplayName("the announcement is daprd's layout: PTR <id>.local. -> <host>:<pid>, SRV port, TXT id, A address")
  void announcement() throws Exception {
    start(id, "127.1.2.3", 50123);
    DnsMessage heard = hear(peer, responseAbout(id, 4500));
    List<Record> records = heard.records();
    assertThat(records).hasSize(4);
    List<String> instance = (List<String>) records.get(0).data();
    assertThat(instance).hasSize(3);
    assertThat(instance.get(0)).matches(".+:" + ProcessHandle.current().pid() + "(-\\d+)?");
    assertThat(instance.subList(1, 3)).containsExactly(id, "local");
    Srv srv = (Srv) records.get(1).data();
    assertThat(records.get(1).name()).isEqualTo(instance);
    assertThat(srv.port()).isEqualTo(50123);
    assertThat(srv.target().get(srv.target().size() - 1)).isEqualTo("local");
    assertThat(records.get(2)).extracting(Record::name, Record::type, Record::data)
        .containsExactly(instance, DnsMessage.TXT, List.of(id));
    assertThat(records.get(3)).extracting(Record::name, Record::type, Record::data)
        .containsExactly(srv.target(), DnsMessage.A, InetAddress.getByName("127.1.2.3"));
  }

  @Test
  @DisplayName("zeroconf's browse query is answered by multicast, a legacy query by unicast with its id")
  void answersQueries() throws Exception {
    start(id, "127.1.2.3", 50123);
    hear(peer, responseAbout(id, 4500));
    byte[] query = ZeroconfPackets.browseQuery(0, id);
    peer.send(new DatagramPacket(query, query.length, MdnsNameResolver.GROUP, MdnsNameResolver.MDNS_PORT));
    assertThat(hear(peer, responseAbout(id, 4500)).records()).hasSize(4);
    try (MulticastSocket legacy = new MulticastSocket(0)) {
      legacy.setNetworkInterface(nic);
      legacy.setSoTimeout(200);
      byte[] legacyQuery = ZeroconfPackets.browseQuery(4242, id);
      legacy.send(new DatagramPacket(legacyQuery, legacyQuery.length, MdnsNameResolver.GROUP,
          MdnsNameResolver.MDNS_PORT));
      DnsMessage answer = hear(legacy, responseAbout(id, 4500));
      assertThat(answer.id()).isEqualTo(4242);
      assertThat(answer.questions()).hasSize(1);
    }
  }

  @Test
  @DisplayName("a zeroconf answer is accepted when its TXT is the app id, and its withdrawal removes it")
  void acceptsZeroconfAnswers() throws Exception {
    MdnsNameResolver caller = start("caller-" + id, "127.1.2.3", 50123);
    String peerId = "peer-" + id;
    Thread.ofVirtual().start(() -> {
      try {
        hear(peer, m -> !m.response() && m.questions().stream()
            .anyMatch(q -> q.name().equals(List.of(peerId, "local"))));
        byte[] wrongTxt = ZeroconfPackets.browsingAnswer(peerId, "other:1", "other", 1, "someone-else",
            new byte[] {10, 9, 9, 9}, 3200);
        peer.send(new DatagramPacket(wrongTxt, wrongTxt.length, MdnsNameResolver.GROUP, MdnsNameResolver.MDNS_PORT));
        byte[] answer = ZeroconfPackets.browsingAnswer(peerId, "peerhost:7", "peerhost", 50007, peerId,
            new byte[] {10, 0, 0, 7}, 3200);
        peer.send(new DatagramPacket(answer, answer.length, MdnsNameResolver.GROUP, MdnsNameResolver.MDNS_PORT));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(caller.resolve(new ResolveRequest(peerId, "default", 1))).containsExactly("10.0.0.7:50007");
    byte[] goodbye = ZeroconfPackets.browsingAnswer(peerId, "peerhost:7", "peerhost", 50007, peerId,
        new byte[] {10, 0, 0, 7}, 0);
    peer.send(new DatagramPacket(goodbye, goodbye.length, MdnsNameResolver.GROUP, MdnsNameResolver.MDNS_PORT));
    Thread.sleep(300);
    assertThatThrownBy(() -> caller.resolve(new ResolveRequest(peerId, "default", 1)))
        .isInstanceOf(ComponentException.class).hasMessage("couldn't find service: " + peerId);
  }

  @Test
  @DisplayName("an id nobody answers fails after about 1 s with daprd's message")
  void unknownId() throws Exception {
    MdnsNameResolver caller = start(id, "127.1.2.3", 50123);
    long start = System.nanoTime();
    assertThatThrownBy(() -> caller.resolve(new ResolveRequest("nobody-" + id, "default", 1)))
        .hasMessage("couldn't find service: nobody-" + id);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(3));
  }

  @Test
  @DisplayName("the instance's missing fields are refused with daprd's messages")
  void validation() {
    assertThatThrownBy(() -> start(id, "", 1)).hasMessage("address is missing");
    assertThatThrownBy(() -> start(id, "127.1.2.3", 0)).hasMessage("port is missing or invalid");
  }
}
