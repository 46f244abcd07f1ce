package io.jdaprd.components.nameresolution;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The part of the DNS wire format (RFC 1035, RFC 6762) that DNS-SD needs: questions, and PTR, SRV, TXT, A and AAAA
 * records. Names are lists of labels, so a label may hold a dot (an instance name such as {@code host.lan:42} is one
 * label). Writing never compresses names; reading follows compression pointers.
 *
 * @param id the message id (0 in multicast DNS, the query's for a legacy unicast answer)
 * @param response whether this is a response
 * @param questions the questions
 * @param records the answer, authority and additional records, in order
 */
record DnsMessage(int id, boolean response, List<Question> questions, List<Record> records) {
  static final int A = 1;
  static final int PTR = 12;
  static final int TXT = 16;
  static final int AAAA = 28;
  static final int SRV = 33;
  static final int ANY = 255;
  static final int CLASS_IN = 1;
  /** The top bit of a record's class: cache flush (records) or unicast response wanted (questions). */
  static final int TOP_BIT = 0x8000;

  /** A question. */
  record Question(List<String> name, int type, int qclass) {
  }

  /**
   * A resource record; {@code data} is, by type: PTR the target name ({@code List<String>}), SRV an {@link Srv}, TXT
   * the strings ({@code List<String>}), A and AAAA an {@link InetAddress}; other types are kept as {@code byte[]}.
   */
  record Record(List<String> name, int type, int rclass, long ttl, Object data) {
  }

  /** SRV data. */
  record Srv(int priority, int weight, int port, List<String> target) {
  }

  /** Whether two names are equal, ignoring ASCII case as DNS does. */
  static boolean sameName(List<String> a, List<String> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).toLowerCase(Locale.ROOT).equals(b.get(i).toLowerCase(Locale.ROOT))) {
        return false;
      }
    }
    return true;
  }

  byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    short16(out, id);
    short16(out, response ? 0x8400 : 0);
    short16(out, questions.size());
    short16(out, records.size());
    short16(out, 0);
    short16(out, 0);
    for (Question q : questions) {
      name(out, q.name());
      short16(out, q.type());
      short16(out, q.qclass());
    }
    for (Record r : records) {
      name(out, r.name());
      short16(out, r.type());
      short16(out, r.rclass());
      int32(out, r.ttl());
      ByteArrayOutputStream data = new ByteArrayOutputStream();
      switch (r.data()) {
        case Srv srv -> {
          short16(data, srv.priority());
          short16(data, srv.weight());
          short16(data, srv.port());
          name(data, srv.target());
        }
        case InetAddress ip -> data.writeBytes(ip.getAddress());
        case List<?> list when r.type() == PTR -> name(data, strings(list));
        case List<?> list -> {
          for (String text : strings(list)) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            data.write(Math.min(255, bytes.length));
            data.write(bytes, 0, Math.min(255, bytes.length));
          }
        }
        case byte[] raw -> data.writeBytes(raw);
        default -> throw new IllegalArgumentException("record data " + r.data());
      }
      short16(out, data.size());
      out.writeBytes(data.toByteArray());
    }
    return out.toByteArray();
  }

  /**
   * Reads a message.
   *
   * @throws IllegalArgumentException when it is malformed
   */
  static DnsMessage decode(byte[] packet, int length) {
    ByteBuffer in = ByteBuffer.wrap(packet, 0, length);
    try {
      int id = u16(in);
      int flags = u16(in);
      int questionCount = u16(in);
      int recordCount = u16(in) + u16(in) + u16(in);
      List<Question> questions = new ArrayList<>();
      for (int i = 0; i < questionCount; i++) {
        questions.add(new Question(readName(in, packet, length), u16(in), u16(in)));
      }
      List<Record> records = new ArrayList<>();
      for (int i = 0; i < recordCount; i++) {
        List<String> name = readName(in, packet, length);
        int type = u16(in);
        int rclass = u16(in);
        long ttl = in.getInt() & 0xFFFFFFFFL;
        int dataLength = u16(in);
        int end = in.position() + dataLength;
        if (end > length) {
          throw new IllegalArgumentException("record beyond the packet");
        }
        Object data = switch (type) {
          case PTR -> readName(in, packet, length);
          case SRV -> new Srv(u16(in), u16(in), u16(in), readName(in, packet, length));
          case TXT -> {
            List<String> texts = new ArrayList<>();
            while (in.position() < end) {
              byte[] text = new byte[in.get() & 0xFF];
              in.get(text);
              texts.add(new String(text, StandardCharsets.UTF_8));
            }
            yield texts;
          }
          case A, AAAA -> {
            byte[] ip = new byte[dataLength];
            in.get(ip);
            yield address(ip);
          }
          default -> {
            byte[] raw = new byte[dataLength];
            in.get(raw);
            yield raw;
          }
        };
        in.position(end);
        records.add(new Record(name, type, rclass, ttl, data));
      }
      return new DnsMessage(id, (flags & 0x8000) != 0, questions, records);
    } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("truncated DNS message", e);
    }
  }

  private static InetAddress address(byte[] ip) {
    try {
      return InetAddress.getByAddress(ip);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("address of " + ip.length + " bytes", e);
    }
  }

  private static List<String> readName(ByteBuffer in, byte[] packet, int length) {
    List<String> labels = new ArrayList<>();
    int position = in.position();
    boolean jumped = false;
    for (int hops = 0; hops < 64; hops++) {
      if (position >= length) {
        throw new IllegalArgumentException("name beyond the packet");
      }
      int size = packet[position] & 0xFF;
      if (size == 0) {
        if (!jumped) {
          in.position(position + 1);
        }
        return labels;
      }
      if ((size & 0xC0) == 0xC0) {
        if (position + 1 >= length) {
          throw new IllegalArgumentException("name pointer beyond the packet");
        }
        if (!jumped) {
          in.position(position + 2);
        }
        jumped = true;
        position = ((size & 0x3F) << 8) | (packet[position + 1] & 0xFF);
        continue;
      }
      if (position + 1 + size > length) {
        throw new IllegalArgumentException("label beyond the packet");
      }
      labels.add(new String(packet, position + 1, size, StandardCharsets.UTF_8));
      position += 1 + size;
    }
    throw new IllegalArgumentException("name pointer loop");
  }

  private static List<String> strings(List<?> list) {
    List<String> out = new ArrayList<>(list.size());
    for (Object o : list) {
      out.add((String) o);
    }
    return out;
  }

  private static void name(ByteArrayOutputStream out, List<String> labels) {
    for (String label : labels) {
      byte[] bytes = label.getBytes(StandardCharsets.UTF_8);
      if (bytes.length == 0 || bytes.length > 63) {
        throw new IllegalArgumentException("DNS label of " + bytes.length + " bytes: " + label);
      }
      out.write(bytes.length);
      out.writeBytes(bytes);
    }
    out.write(0);
  }

  private static int u16(ByteBuffer in) {
    return in.getShort() & 0xFFFF;
  }

  private static void short16(ByteArrayOutputStream out, int value) {
    out.write((value >> 8) & 0xFF);
    out.write(value & 0xFF);
  }

  private static void int32(ByteArrayOutputStream out, long value) {
    short16(out, (int) (value >> 16));
    short16(out, (int) value);
  }
}
