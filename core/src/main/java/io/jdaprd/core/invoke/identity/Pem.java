package io.jdaprd.core.invoke.identity;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM text to JDK types: X.509 certificates, and private keys in PKCS#8 ({@code PRIVATE KEY}: EC, RSA, Ed25519),
 * SEC1 ({@code EC PRIVATE KEY}, what Dapr's Sentry issues) or PKCS#1 ({@code RSA PRIVATE KEY}). Encrypted keys are
 * not supported.
 */
public final class Pem {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
  private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
  private static final byte[] RSA_ENCRYPTION_OID =
      {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
  private static final byte[] DER_NULL = {0x05, 0x00};
  private static final byte[] VERSION_ZERO = {0x02, 0x01, 0x00};

  private Pem() {
  }

  private record Block(String type, byte[] der) {
  }

  private static List<Block> blocks(String pem) throws IdentityException {
    List<Block> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(pem == null ? "" : pem);
    while (m.find()) {
      try {
        out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
      } catch (IllegalArgumentException e) {
        throw new IdentityException("invalid base64 in PEM block " + m.group(1), e);
      }
    }
    return out;
  }

  /**
   * Every {@code CERTIFICATE} block, in order; other blocks are skipped.
   *
   * @throws IdentityException when there is no certificate or one does not decode
   */
  public static List<X509Certificate> certificates(String pem) throws IdentityException {
    List<X509Certificate> out = new ArrayList<>();
    CertificateFactory factory;
    try {
      factory = CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
    }
    for (Block b : blocks(pem)) {
      if (!b.type().equals("CERTIFICATE")) {
        continue;
      }
      try {
        out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der())));
      } catch (CertificateException e) {
        throw new IdentityException("invalid certificate in PEM: " + e.getMessage(), e);
      }
    }
    if (out.isEmpty()) {
      throw new IdentityException("no certificate found in PEM");
    }
    return List.copyOf(out);
  }

  /**
   * The first private key block.
   *
   * @throws IdentityException when there is none, it is encrypted, or it does not decode
   */
  public static PrivateKey privateKey(String pem) throws IdentityException {
    for (Block b : blocks(pem)) {
      switch (b.type()) {
        case "PRIVATE KEY" -> {
          return pkcs8(b.der(), "EC", "RSA", "Ed25519", "Ed448", "RSASSA-PSS");
        }
        case "EC PRIVATE KEY" -> {
          return pkcs8(ecToPkcs8(b.der()), "EC");
        }
        case "RSA PRIVATE KEY" -> {
          return pkcs8(sequence(VERSION_ZERO, sequence(RSA_ENCRYPTION_OID, DER_NULL), octetString(b.der())), "RSA");
        }
        case "ENCRYPTED PRIVATE KEY" -> throw new IdentityException("encrypted private keys are not supported");
        default -> {
        }
      }
    }
    throw new IdentityException("no private key found in PEM");
  }

  private static PrivateKey pkcs8(byte[] der, String... algorithms) throws IdentityException {
    for (String algorithm : algorithms) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        // Not this algorithm: try the next one.
      }
    }
    throw new IdentityException("invalid private key in PEM (tried " + String.join(", ", algorithms) + ")");
  }

  /** A SEC1 {@code ECPrivateKey} wrapped as PKCS#8, with the curve its {@code [0]} parameters name. */
  private static byte[] ecToPkcs8(byte[] sec1) throws IdentityException {
    Der outer = new Der(sec1, 0);
    if (outer.tag != 0x30) {
      throw new IdentityException("invalid EC private key in PEM");
    }
    int at = outer.contentStart;
    byte[] curve = null;
    while (at < outer.end) {
      Der item = new Der(sec1, at);
      if (item.tag == (byte) 0xa0) {
        Der oid = new Der(sec1, item.contentStart);
        curve = Arrays.copyOfRange(sec1, item.contentStart, oid.end);
      }
      at = item.end;
    }
    if (curve == null) {
      throw new IdentityException("EC private key in PEM names no curve");
    }
    return sequence(VERSION_ZERO, sequence(EC_PUBLIC_KEY_OID, curve), octetString(sec1));
  }

  /** One DER element: its tag and where its content starts and it ends. */
  private static final class Der {
    final byte tag;
    final int contentStart;
    final int end;

    Der(byte[] der, int at) throws IdentityException {
      if (at + 2 > der.length) {
        throw new IdentityException("truncated DER in PEM");
      }
      tag = der[at];
      int first = der[at + 1] & 0xff;
      int length;
      int start;
      if (first < 0x80) {
        length = first;
        start = at + 2;
      } else {
        int bytes = first & 0x7f;
        if (bytes == 0 || bytes > 3 || at + 2 + bytes > der.length) {
          throw new IdentityException("invalid DER length in PEM");
        }
        length = 0;
        for (int i = 0; i < bytes; i++) {
          length = (length << 8) | (der[at + 2 + i] & 0xff);
        }
        start = at + 2 + bytes;
      }
      if (start + length > der.length) {
        throw new IdentityException("truncated DER in PEM");
      }
      contentStart = start;
      end = start + length;
    }
  }

  private static byte[] sequence(byte[]... parts) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      content.writeBytes(p);
    }
    return tlv(0x30, content.toByteArray());
  }

  private static byte[] octetString(byte[] content) {
    return tlv(0x04, content);
  }

  private static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else if (n < 0x10000) {
      out.write(0x82);
      out.write(n >> 8);
      out.write(n);
    } else {
      out.write(0x83);
      out.write(n >> 16);
      out.write(n >> 8);
      out.write(n);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }
}
