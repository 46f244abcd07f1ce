package io.jdaprd.components.nameresolution;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Packets laid out as daprd's zeroconf ({@code miekg/dns} with compression on) sends them, written byte by byte so that
 * the test does not depend on our own encoder.
 */
final class ZeroconfPackets {
  private ZeroconfPackets() {
  }

  /**
   * A response to {@code <service>.local. PTR}: answer PTR to {@code <instance>.<service>.local.}, extras SRV (port,
   * target {@code <host>.local.}), TXT {@code txt}, A {@code ip}, every later name compressed against the first, as
   * zeroconf's {@code composeBrowsingAnswers} makes it.
   */
  static byte[] browsingAnswer(String service, String instance, String host, int port, String txt, byte[] ip,
      long ttl) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    u16(out, 0);
    u16(out, 0x8400);
    u16(out, 0);
    u16(out, 1);
    u16(out, 0);
    u16(out, 3);
    int serviceAt = out.size();
    label(out, service);
    label(out, "local");
    out.write(0);
    u16(out, DnsMessage.PTR);
    u16(out, 1);
    u32(out, ttl);
    byte[] instanceLabel = instance.getBytes(StandardCharsets.UTF_8);
    u16(out, 1 + instanceLabel.length + 2);
    int instanceAt = out.size();
    label(out, instance);
    pointer(out, serviceAt);
    // SRV, name compressed to the PTR's target
    pointer(out, instanceAt);
    u16(out, DnsMessage.SRV);
    u16(out, 1);
    u32(out, ttl);
    byte[] hostLabel = host.getBytes(StandardCharsets.UTF_8);
    u16(out, 6 + 1 + hostLabel.length + 2);
    u16(out, 0);
    u16(out, 0);
    u16(out, port);
    int hostAt = out.size();
    label(out, host);
    pointer(out, serviceAt + 1 + service.getBytes(StandardCharsets.UTF_8).length);
    // TXT
    pointer(out, instanceAt);
    u16(out, DnsMessage.TXT);
    u16(out, 1);
    u32(out, ttl);
    byte[] text = txt.getBytes(StandardCharsets.UTF_8);
    u16(out, 1 + text.length);
    out.write(text.length);
    out.writeBytes(text);
    // A
    pointer(out, hostAt);
    u16(out, DnsMessage.A);
    u16(out, 1);
    u32(out, ttl == 0 ? 0 : 120);
    u16(out, 4);
    out.writeBytes(ip);
    return out.toByteArray();
  }

  /** zeroconf's browse query: one question {@code <service>.local. PTR IN}. */
  static byte[] browseQuery(int id, String service) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    u16(out, id);
    u16(out, 0);
    u16(out, 1);
    u16(out, 0);
    u16(out, 0);
    u16(out, 0);
    label(out, service);
    label(out, "local");
    out.write(0);
    u16(out, DnsMessage.PTR);
    u16(out, 1);
    return out.toByteArray();
  }

  private static void label(ByteArrayOutputStream out, String label) {
    byte[] bytes = label.getBytes(StandardCharsets.UTF_8);
    out.write(bytes.length);
    out.writeBytes(bytes);
  }

  private static void pointer(ByteArrayOutputStream out, int offset) {
    u16(out, 0xC000 | offset);
  }

  private static void u16(ByteArrayOutputStream out, int value) {
    out.write((value >> 8) & 0xFF);
    out.write(value & 0xFF);
  }

  private static void u32(ByteArrayOutputStream out, long value) {
    u16(out, (int) (value >> 16));
    u16(out, (int) value);
  }
}
