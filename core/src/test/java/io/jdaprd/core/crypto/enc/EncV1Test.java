package io.jdaprd.core.crypto.enc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EncV1Test {
  /** dapr/kit's test vectors wrap with the identity: the wrapped file key is the file key. */
  private static final EncV1.Wrapper IDENTITY_WRAP = (key, algorithm, name) -> key;
  private static final EncV1.Unwrapper IDENTITY_UNWRAP = (wrapped, algorithm, name) -> wrapped;

  private static final byte[] KEK = new byte[32];

  static {
    new Random(7).nextBytes(KEK);
  }

  private static final EncV1.Wrapper AES_WRAP = (key, algorithm, name) -> {
    Cipher c = Cipher.getInstance("AES/KW/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEK, "AES"));
    return c.doFinal(key);
  };
  private static final EncV1.Unwrapper AES_UNWRAP = (wrapped, algorithm, name) -> {
    Cipher c = Cipher.getInstance("AES/KW/NoPadding");
    c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(KEK, "AES"));
    return c.doFinal(wrapped);
  };

  private static byte[] repeat(byte[] pattern, int times) {
    byte[] out = new byte[pattern.length * times];
    for (int i = 0; i < times; i++) {
      System.arraycopy(pattern, 0, out, i * pattern.length, pattern.length);
    }
    return out;
  }

  private static final byte[] TEN = {1, 2, 3, 4, 5, 6, 7, 8, 9, 0};
  private static final byte[] EIGHT = {1, 2, 3, 4, 5, 6, 7, 8};

  private static byte[] vector(String name) throws IOException {
    try (InputStream in = EncV1Test.class.getResourceAsStream(name + ".enc")) {
      return in.readAllBytes();
    }
  }

  private static byte[] expected(String name) {
    return switch (name) {
      case "single-segment", "single-segment-no-key-name" -> "hello world".getBytes(StandardCharsets.US_ASCII);
      case "multi-segment" -> repeat(TEN, 12 << 10);
      case "one-full-segment" -> repeat(EIGHT, 8 << 10);
      case "two-full-segments" -> repeat(EIGHT, 16 << 10);
      case "large-file" -> repeat(TEN, 30 << 10);
      default -> new byte[0];
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"single-segment", "multi-segment", "one-full-segment", "two-full-segments", "large-file",
      "empty-message"})
  void decryptsDaprKitVectors(String name) throws Exception {
    InputStream out = EncV1.decrypt(new ByteArrayInputStream(vector(name)), "", IDENTITY_UNWRAP);
    assertThat(out.readAllBytes()).isEqualTo(expected(name));
  }

  @Test
  void vectorWithoutKeyNameNeedsOne() throws Exception {
    byte[] enc = vector("single-segment-no-key-name");
    assertThatThrownBy(() -> EncV1.decrypt(new ByteArrayInputStream(enc), "", IDENTITY_UNWRAP))
        .hasMessage("document's manifest does not contain a key name, and no key name was provided");
    assertThat(EncV1.decrypt(new ByteArrayInputStream(enc), "mykey", IDENTITY_UNWRAP).readAllBytes())
        .isEqualTo(expected("single-segment-no-key-name"));
  }

  @Test
  void tamperedVectorSegmentFails() throws Exception {
    byte[] enc = vector("multi-segment");
    enc[enc.length - 5] ^= 1;
    InputStream out = EncV1.decrypt(new ByteArrayInputStream(enc), "", IDENTITY_UNWRAP);
    assertThatThrownBy(out::readAllBytes).hasMessage("error processing segment 1: failed to decrypt segment");
  }

  @ParameterizedTest
  @CsvSource({"AES-GCM,0", "AES-GCM,1", "AES-GCM,65535", "AES-GCM,65536", "AES-GCM,65537", "AES-GCM,131072",
      "AES-GCM,3000001", "CHACHA20-POLY1305,0", "CHACHA20-POLY1305,1", "CHACHA20-POLY1305,65536",
      "CHACHA20-POLY1305,65537", "CHACHA20-POLY1305,3000001"})
  void roundTripsAtSegmentBoundaries(String cipher, int size) throws Exception {
    byte[] plain = new byte[size];
    new Random(size).nextBytes(plain);
    byte[] enc = EncV1.encrypt(new ByteArrayInputStream(plain),
        new EncV1.EncryptOptions("mykey", "A256KW", "", false, cipher), AES_WRAP).readAllBytes();
    int segments = (size + EncV1.SEGMENT_SIZE - 1) / EncV1.SEGMENT_SIZE;
    assertThat(enc.length - header(enc)).isEqualTo(size + segments * 16L);
    assertThat(EncV1.decrypt(new ByteArrayInputStream(enc), "", AES_UNWRAP).readAllBytes()).isEqualTo(plain);
  }

  @ParameterizedTest
  @ValueSource(strings = {"A256KW", "AES", "RSA-OAEP-256", "RSA", "A128CBC-NOPAD"})
  void manifestCarriesTheAlgorithmId(String algorithm) throws Exception {
    byte[] enc = EncV1.encrypt(new ByteArrayInputStream(new byte[3]),
        new EncV1.EncryptOptions("k1", algorithm, "", false, ""), IDENTITY_WRAP).readAllBytes();
    String manifest = new String(enc, StandardCharsets.UTF_8).split("\n")[1];
    int id = KeyWrapAlgorithm.named(algorithm).orElseThrow().id();
    assertThat(manifest).startsWith("{\"k\":\"k1\",\"kw\":" + id + ",\"wfk\":\"").contains("\"cph\":1,\"np\":\"");
  }

  @Test
  void keyNameOptions() throws Exception {
    assertThat(manifest(new EncV1.EncryptOptions("k1", "A256KW", "dec-key", false, ""))).startsWith("{\"k\":\"dec-key\"");
    assertThat(manifest(new EncV1.EncryptOptions("k1", "A256KW", "dec-key", true, ""))).startsWith("{\"kw\":1,");
    assertThat(manifest(new EncV1.EncryptOptions("a<b", "A256KW", "", false, ""))).startsWith("{\"k\":\"a\\u003cb\"");
  }

  private static String manifest(EncV1.EncryptOptions options) throws Exception {
    byte[] enc = EncV1.encrypt(new ByteArrayInputStream(new byte[0]), options, IDENTITY_WRAP).readAllBytes();
    return new String(enc, StandardCharsets.UTF_8).split("\n")[1];
  }

  @Test
  void optionErrorsAreDaprKits() {
    assertThatThrownBy(() -> EncV1.encrypt(InputStream.nullInputStream(),
        new EncV1.EncryptOptions("k", "RSA-OAEP", "", false, ""), IDENTITY_WRAP))
        .hasMessage("option Algorithm is not valid: algorithm RSA-OAEP is not supported");
    assertThatThrownBy(() -> EncV1.encrypt(InputStream.nullInputStream(),
        new EncV1.EncryptOptions("k", "A256KW", "", false, "AES-CBC"), IDENTITY_WRAP))
        .hasMessage("option Cipher is not valid: cipher AES-CBC is not supported");
    assertThatThrownBy(() -> EncV1.encrypt(InputStream.nullInputStream(),
        new EncV1.EncryptOptions("k", "A256KW", "", false, ""), (key, a, n) -> {
          throw new Exception("key not found");
        })).hasMessage("failed to wrap the file key: key not found");
  }

  @Test
  void wrongKeyFailsTheHeaderSignature() throws Exception {
    byte[] enc = EncV1.encrypt(new ByteArrayInputStream(new byte[10]),
        new EncV1.EncryptOptions("k", "A256KW", "", false, ""), AES_WRAP).readAllBytes();
    assertThatThrownBy(() -> EncV1.decrypt(new ByteArrayInputStream(enc), "", (w, a, n) -> new byte[32]))
        .hasMessage("failed to validate the document's signature");
    assertThatThrownBy(() -> EncV1.decrypt(new ByteArrayInputStream(enc), "", (w, a, n) -> {
      throw new Exception("key not found");
    })).hasMessage("failed to validate the document's signature");
  }

  @Test
  void tamperingAnywhereIsDetected() throws Exception {
    byte[] plain = new byte[70_000];
    byte[] enc = EncV1.encrypt(new ByteArrayInputStream(plain),
        new EncV1.EncryptOptions("k", "A256KW", "", false, ""), AES_WRAP).readAllBytes();
    int header = header(enc);
    for (int at : new int[] {header, header + 65_551, enc.length - 1}) {
      byte[] bad = enc.clone();
      bad[at] ^= 0x40;
      InputStream out = EncV1.decrypt(new ByteArrayInputStream(bad), "", AES_UNWRAP);
      assertThatThrownBy(out::readAllBytes).hasMessageEndingWith("failed to decrypt segment");
    }
    byte[] badManifest = enc.clone();
    badManifest[new String(enc, StandardCharsets.ISO_8859_1).indexOf("\"np\":\"") + 7] ^= 1;
    assertThatThrownBy(() -> EncV1.decrypt(new ByteArrayInputStream(badManifest), "", AES_UNWRAP))
        .isInstanceOf(SchemeException.class);
  }

  @Test
  void truncationIsDetected() throws Exception {
    byte[] plain = new byte[3 * EncV1.SEGMENT_SIZE];
    byte[] enc = EncV1.encrypt(new ByteArrayInputStream(plain),
        new EncV1.EncryptOptions("k", "A256KW", "", false, ""), AES_WRAP).readAllBytes();
    int segment = EncV1.SEGMENT_SIZE + 16;
    byte[] cut = Arrays.copyOf(enc, header(enc) + 2 * segment);
    assertThatThrownBy(EncV1.decrypt(new ByteArrayInputStream(cut), "", AES_UNWRAP)::readAllBytes)
        .hasMessage("error processing segment 1: failed to decrypt segment");
    byte[] cutMid = Arrays.copyOf(enc, header(enc) + segment + 100);
    assertThatThrownBy(EncV1.decrypt(new ByteArrayInputStream(cutMid), "", AES_UNWRAP)::readAllBytes)
        .hasMessage("error processing segment 1: failed to decrypt segment");
  }

  @Test
  void headerErrorsAreDaprKits() {
    assertThat(headerError("")).isEqualTo("invalid header: scheme name not found");
    assertThat(headerError("\n")).isEqualTo("invalid header: invalid format");
    assertThat(headerError("dapr.io/enc/v2\n{}\nx\n")).isEqualTo("invalid header: unsupported scheme");
    assertThat(headerError("dapr.io/enc/v1\n")).isEqualTo("invalid header: manifest not found");
    assertThat(headerError("dapr.io/enc/v1\n{}\n")).isEqualTo("invalid header: message authentication code not found");
    assertThat(headerError("dapr.io/enc/v1\n{}\nAAAA\n")).isEqualTo("invalid header: invalid manifest");
    assertThat(headerError("dapr.io/enc/v1\n{\"kw\":9,\"wfk\":\"AAAA\",\"cph\":1,\"np\":\"AAAAAAAAAA==\"}\nAAAA\n"))
        .isEqualTo("invalid header: invalid manifest");
    assertThat(headerError("dapr.io/enc/v1\n{\"kw\":1,\"wfk\":\"AAAA\",\"cph\":1,\"np\":\"AAAAAAAAAA==\"}\nA!AA\n"))
        .isEqualTo("failed to decode header's signature: illegal base64 data at input byte 1");
    assertThat(headerError("dapr.io/enc/v1\n{\"KW\":1,\"wfk\":\"AAAA\",\"cph\":1,\"np\":\"AAAAAAAAAA==\",\"x\":[]}\n"
        + "AAAA\n")).isEqualTo("failed to validate the document's signature");
  }

  private static String headerError(String text) {
    try {
      EncV1.decrypt(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "k", IDENTITY_UNWRAP);
      return "no error";
    } catch (SchemeException e) {
      return e.getMessage();
    }
  }

  @Test
  void headerMacIsHmacOfTheFirstTwoLines() throws Exception {
    byte[] enc = vector("single-segment");
    String[] lines = new String(enc, StandardCharsets.ISO_8859_1).split("\n", 4);
    byte[] fileKey = java.util.Base64.getDecoder().decode(lines[1].replaceAll(".*\"wfk\":\"([^\"]+)\".*", "$1"));
    byte[] prefix = java.util.Base64.getDecoder().decode(lines[1].replaceAll(".*\"np\":\"([^\"]+)\".*", "$1"));
    FileKey fk = new FileKey(fileKey, prefix, DataCipher.AES_GCM);
    assertThat(MessageDigest.isEqual(fk.headerMac(lines[1].getBytes(StandardCharsets.ISO_8859_1)),
        java.util.Base64.getDecoder().decode(lines[2]))).isTrue();
  }

  @Test
  void streamsWithFlatMemory() throws Exception {
    long size = 64L << 20;
    InputStream plain = new InputStream() {
      long left = size;

      @Override
      public int read() {
        return left-- > 0 ? 7 : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left <= 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        Arrays.fill(b, off, off + n, (byte) 7);
        left -= n;
        return n;
      }
    };
    InputStream enc = EncV1.encrypt(plain, new EncV1.EncryptOptions("k", "A256KW", "", false, ""), AES_WRAP);
    InputStream dec = EncV1.decrypt(enc, "", AES_UNWRAP);
    byte[] buf = new byte[8192];
    long total = 0;
    for (int n; (n = dec.read(buf)) >= 0; ) {
      total += n;
      if (n > 0) {
        assertThat(buf[0]).isEqualTo((byte) 7);
      }
    }
    assertThat(total).isEqualTo(size);
  }

  private static int header(byte[] enc) {
    int lines = 0;
    for (int i = 0; i < enc.length; i++) {
      if (enc[i] == '\n' && ++lines == 3) {
        return i + 1;
      }
    }
    throw new AssertionError("no header");
  }

  @Test
  void noBytesBeforeTheFirstSegmentAuthenticates() throws Exception {
    byte[] enc = EncV1.encrypt(new ByteArrayInputStream(new byte[100]),
        new EncV1.EncryptOptions("k", "A256KW", "", false, ""), AES_WRAP).readAllBytes();
    enc[enc.length - 1] ^= 1;
    InputStream out = EncV1.decrypt(new ByteArrayInputStream(enc), "", AES_UNWRAP);
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    assertThatThrownBy(() -> out.transferTo(got)).isInstanceOf(IOException.class);
    assertThat(got.size()).isZero();
  }
}
