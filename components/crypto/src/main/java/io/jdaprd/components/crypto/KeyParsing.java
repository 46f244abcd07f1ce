package io.jdaprd.components.crypto;

import com.nimbusds.jose.jwk.JWK;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * dapr/kit's {@code ParseKey}: a key from a file's bytes, by its content type or, without one, by its look (a JSON
 * object is a JWK unless it is 16, 24 or 32 bytes long, {@code -----} starts PEM, anything else is a symmetric key in
 * base64, base64url or raw bytes). JWKs are parsed by Nimbus JOSE; PEM by the JDK: {@code PRIVATE KEY} (PKCS #8),
 * {@code RSA PRIVATE KEY} (PKCS #1), {@code PUBLIC KEY} (PKIX) and {@code CERTIFICATE}.
 */
final class KeyParsing {
  static final String JSON = "application/json";
  static final String PEM = "application/x-pem-file";
  private static final List<String> ASYMMETRIC = List.of("RSA", "EC", "Ed25519", "X25519");

  private KeyParsing() {
  }

  /** Thrown with the reason a key does not parse (no key material in it). */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message);
    }
  }

  static LocalKey parse(byte[] raw, String contentType) throws Invalid {
    if (raw.length == 0) {
      throw new Invalid("key is empty");
    }
    if (JSON.equals(contentType)) {
      return jwk(raw);
    }
    if (PEM.equals(contentType)) {
      return pem(raw);
    }
    int l = raw.length;
    if (raw[0] == '{' && l != 16 && l != 24 && l != 32) {
      return jwk(raw);
    }
    if (l > 10 && new String(raw, 0, 5, StandardCharsets.US_ASCII).equals("-----")) {
      return pem(raw);
    }
    return LocalKey.symmetric(symmetric(raw));
  }

  static LocalKey jwk(byte[] raw) throws Invalid {
    try {
      return LocalKey.of(JWK.parse(new String(raw, StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new Invalid("failed to parse JWK: " + e.getMessage());
    }
  }

  private static byte[] symmetric(byte[] raw) {
    int end = raw.length;
    while (end > 0 && (raw[end - 1] == '\n' || raw[end - 1] == '=')) {
      end--;
    }
    String trimmed = new String(raw, 0, end, StandardCharsets.ISO_8859_1);
    try {
      return Base64.getDecoder().decode(trimmed);
    } catch (IllegalArgumentException notStd) {
      try {
        return Base64.getUrlDecoder().decode(trimmed);
      } catch (IllegalArgumentException notUrl) {
        return raw.clone();
      }
    }
  }

  private static LocalKey pem(byte[] raw) throws Invalid {
    String text = new String(raw, StandardCharsets.US_ASCII);
    int begin = text.indexOf("-----BEGIN ");
    int typeEnd = begin < 0 ? -1 : text.indexOf("-----", begin + 11);
    if (typeEnd < 0) {
      throw new Invalid("failed to parse PEM encoded key: no PEM block found");
    }
    String type = text.substring(begin + 11, typeEnd);
    int end = text.indexOf("-----END " + type + "-----", typeEnd);
    if (end < 0) {
      throw new Invalid("failed to parse PEM encoded key: no PEM block found");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(text.substring(typeEnd + 5, end).trim());
    } catch (IllegalArgumentException e) {
      throw new Invalid("failed to parse PEM encoded key: invalid base64");
    }
    try {
      return switch (type) {
        case "PRIVATE KEY" -> privateKey(new PKCS8EncodedKeySpec(der));
        case "RSA PRIVATE KEY" -> privateKey(new PKCS8EncodedKeySpec(pkcs1ToPkcs8(der)));
        case "PUBLIC KEY" -> publicKey(new X509EncodedKeySpec(der));
        case "CERTIFICATE" -> {
          PublicKey pub = CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(der)).getPublicKey();
          yield LocalKey.asymmetric(type(pub.getAlgorithm()), pub, null);
        }
        default -> throw new Invalid("failed to parse PEM encoded key: unsupported PEM block type " + type);
      };
    } catch (Invalid e) {
      throw e;
    } catch (Exception e) {
      throw new Invalid("failed to parse PEM encoded key: " + e.getMessage());
    }
  }

  private static LocalKey privateKey(PKCS8EncodedKeySpec spec) throws Exception {
    for (String algorithm : ASYMMETRIC) {
      try {
        PrivateKey key = KeyFactory.getInstance(algorithm).generatePrivate(spec);
        PublicKey pub = null;
        if (key instanceof RSAPrivateCrtKey crt) {
          pub = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(crt.getModulus(),
              crt.getPublicExponent()));
        }
        return LocalKey.asymmetric(type(algorithm), pub, key);
      } catch (java.security.spec.InvalidKeySpecException wrongAlgorithm) {
        // try the next algorithm
      }
    }
    throw new Invalid("failed to parse PEM encoded key: unsupported private key");
  }

  private static LocalKey publicKey(X509EncodedKeySpec spec) throws Exception {
    for (String algorithm : ASYMMETRIC) {
      try {
        return LocalKey.asymmetric(type(algorithm), KeyFactory.getInstance(algorithm).generatePublic(spec), null);
      } catch (java.security.spec.InvalidKeySpecException wrongAlgorithm) {
        // try the next algorithm
      }
    }
    throw new Invalid("failed to parse PEM encoded key: unsupported public key");
  }

  private static String type(String jdkAlgorithm) {
    return switch (jdkAlgorithm) {
      case "RSA" -> LocalKey.RSA;
      case "EC" -> "EC";
      default -> "OKP";
    };
  }

  /** A PKCS #1 {@code RSAPrivateKey} inside a PKCS #8 {@code PrivateKeyInfo} (version 0, rsaEncryption). */
  private static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
    byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
        0x01, 0x05, 0x00};
    byte[] version = {0x02, 0x01, 0x00};
    byte[] octets = derWrap(0x04, pkcs1);
    byte[] body = new byte[version.length + algorithm.length + octets.length];
    System.arraycopy(version, 0, body, 0, version.length);
    System.arraycopy(algorithm, 0, body, version.length, algorithm.length);
    System.arraycopy(octets, 0, body, version.length + algorithm.length, octets.length);
    return derWrap(0x30, body);
  }

  private static byte[] derWrap(int tag, byte[] content) {
    int len = content.length;
    byte[] lenBytes = len < 0x80 ? new byte[] {(byte) len}
        : len < 0x100 ? new byte[] {(byte) 0x81, (byte) len}
        : len < 0x10000 ? new byte[] {(byte) 0x82, (byte) (len >> 8), (byte) len}
        : new byte[] {(byte) 0x83, (byte) (len >> 16), (byte) (len >> 8), (byte) len};
    byte[] out = new byte[1 + lenBytes.length + len];
    out[0] = (byte) tag;
    System.arraycopy(lenBytes, 0, out, 1, lenBytes.length);
    System.arraycopy(content, 0, out, 1 + lenBytes.length, len);
    return out;
  }
}
