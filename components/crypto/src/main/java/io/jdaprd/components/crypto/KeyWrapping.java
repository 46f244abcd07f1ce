package io.jdaprd.components.crypto;

import java.security.GeneralSecurityException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * Wrapping and unwrapping a short key with a {@link LocalKey}, on the JDK, with dapr/kit's checks and texts
 * ({@code key type mismatch}, {@code invalid nonce}, {@code unsupported algorithm}): AES key wrap (RFC 3394),
 * AES-CBC without padding (which needs a 16-byte nonce; the encryption scheme passes none), RSA-OAEP with SHA-1,
 * -256, -384, -512 (MGF1 on the same hash), and RSA PKCS #1 v1.5.
 */
final class KeyWrapping {
  static final Set<String> ALGORITHMS = Set.of("A128KW", "A192KW", "A256KW", "A128CBC-NOPAD", "A192CBC-NOPAD",
      "A256CBC-NOPAD", "RSA1_5", "RSA-OAEP", "RSA-OAEP-256", "RSA-OAEP-384", "RSA-OAEP-512");

  static final String MISMATCH = "key type mismatch";
  static final String UNSUPPORTED = "unsupported algorithm";

  private KeyWrapping() {
  }

  /** Thrown with dapr/kit's text. */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message);
    }
  }

  static byte[] encrypt(byte[] plaintext, String algorithm, LocalKey key, byte[] nonce) throws Failure {
    return crypt(true, plaintext, algorithm, key, nonce);
  }

  static byte[] decrypt(byte[] ciphertext, String algorithm, LocalKey key, byte[] nonce) throws Failure {
    return crypt(false, ciphertext, algorithm, key, nonce);
  }

  private static byte[] crypt(boolean encrypt, byte[] in, String algorithm, LocalKey key, byte[] nonce)
      throws Failure {
    if (!ALGORITHMS.contains(algorithm)) {
      throw new Failure(UNSUPPORTED);
    }
    try {
      if (algorithm.startsWith("RSA")) {
        return rsa(encrypt, in, algorithm, key);
      }
      if (!LocalKey.OCT.equals(key.type()) || key.secret() == null) {
        throw new Failure(MISMATCH);
      }
      int size = Integer.parseInt(algorithm.substring(1, 4)) / 8;
      if (key.secret().length != size) {
        throw new Failure(MISMATCH);
      }
      SecretKeySpec aes = new SecretKeySpec(key.secret(), "AES");
      if (algorithm.endsWith("KW")) {
        Cipher c = Cipher.getInstance("AES/KW/NoPadding");
        c.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, aes);
        return c.doFinal(in);
      }
      if (nonce == null || nonce.length != 16) {
        throw new Failure("invalid nonce");
      }
      if (in.length % 16 != 0) {
        throw new Failure(encrypt ? "invalid plaintext length" : "invalid ciphertext length");
      }
      Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
      c.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, aes, new IvParameterSpec(nonce));
      return c.doFinal(in);
    } catch (GeneralSecurityException e) {
      throw new Failure(encrypt ? "encryption failed" : "decryption failed");
    }
  }

  private static byte[] rsa(boolean encrypt, byte[] in, String algorithm, LocalKey key)
      throws Failure, GeneralSecurityException {
    Cipher c;
    if (algorithm.equals("RSA1_5")) {
      c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
      init(c, encrypt, key, null);
    } else {
      String hash = switch (algorithm) {
        case "RSA-OAEP" -> "SHA-1";
        case "RSA-OAEP-256" -> "SHA-256";
        case "RSA-OAEP-384" -> "SHA-384";
        default -> "SHA-512";
      };
      c = Cipher.getInstance("RSA/ECB/OAEPPadding");
      init(c, encrypt, key, new OAEPParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash),
          PSource.PSpecified.DEFAULT));
    }
    try {
      return c.doFinal(in);
    } catch (GeneralSecurityException e) {
      throw new Failure(encrypt ? "crypto/rsa: message too long for RSA key size" : "crypto/rsa: decryption error");
    }
  }

  private static void init(Cipher c, boolean encrypt, LocalKey key, OAEPParameterSpec spec)
      throws Failure, GeneralSecurityException {
    if (encrypt) {
      if (!(key.publicKey() instanceof RSAPublicKey pub)) {
        throw new Failure(MISMATCH);
      }
      c.init(Cipher.ENCRYPT_MODE, pub, spec);
    } else {
      if (!(key.privateKey() instanceof RSAPrivateKey priv)) {
        throw new Failure(MISMATCH);
      }
      c.init(Cipher.DECRYPT_MODE, priv, spec);
    }
  }
}
