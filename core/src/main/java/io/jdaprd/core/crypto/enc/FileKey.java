package io.jdaprd.core.crypto.enc;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One message's file key and what the scheme derives from it: the header's HMAC key
 * ({@code HKDF-SHA-256(fk, salt = empty, info = "header")}), the payload key
 * ({@code HKDF-SHA-256(fk, salt = nonce prefix, info = "payload")}) and each segment's nonce
 * ({@code prefix || i (4 bytes, big endian) || last}). Not thread-safe: one per stream.
 */
final class FileKey {
  static final int KEY_LENGTH = 32;
  static final int NONCE_PREFIX_LENGTH = 7;
  static final int TAG_LENGTH = 16;

  private final DataCipher cipherKind;
  private final byte[] noncePrefix;
  private final byte[] headerKey;
  private final SecretKeySpec payloadKey;
  private final Cipher cipher;
  private final byte[] nonce = new byte[12];

  FileKey(byte[] fileKey, byte[] noncePrefix, DataCipher cipherKind) throws GeneralSecurityException {
    this.cipherKind = cipherKind;
    this.noncePrefix = noncePrefix.clone();
    this.headerKey = hkdfSha256(fileKey, new byte[0], "header", KEY_LENGTH);
    this.payloadKey = new SecretKeySpec(hkdfSha256(fileKey, noncePrefix, "payload", KEY_LENGTH),
        cipherKind.keyAlgorithm());
    this.cipher = Cipher.getInstance(cipherKind.transformation());
    System.arraycopy(noncePrefix, 0, nonce, 0, NONCE_PREFIX_LENGTH);
  }

  byte[] noncePrefix() {
    return noncePrefix.clone();
  }

  /** HMAC-SHA-256 of the header's first two lines (each with its line feed), with the header key. */
  byte[] headerMac(byte[] manifest) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(headerKey, "HmacSHA256"));
    mac.update(EncV1.SCHEME_NAME.getBytes(StandardCharsets.US_ASCII));
    mac.update((byte) '\n');
    mac.update(manifest);
    mac.update((byte) '\n');
    return mac.doFinal();
  }

  /** Whether {@code mac} is the header's MAC, compared in constant time. */
  boolean verifyHeader(byte[] manifest, byte[] mac) throws GeneralSecurityException {
    return MessageDigest.isEqual(headerMac(manifest), mac);
  }

  /**
   * Encrypts or decrypts segment {@code num} of {@code buf[0, length)} in place.
   *
   * @return the length of the result (plus or minus the tag)
   * @throws GeneralSecurityException when decryption does not authenticate
   */
  int process(boolean encrypt, byte[] buf, int length, long num, boolean last) throws GeneralSecurityException {
    nonce[7] = (byte) (num >>> 24);
    nonce[8] = (byte) (num >>> 16);
    nonce[9] = (byte) (num >>> 8);
    nonce[10] = (byte) num;
    nonce[11] = (byte) (last ? 1 : 0);
    int mode = encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE;
    if (cipherKind == DataCipher.AES_GCM) {
      cipher.init(mode, payloadKey, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
    } else {
      cipher.init(mode, payloadKey, new IvParameterSpec(nonce));
    }
    return cipher.doFinal(buf, 0, length, buf, 0);
  }

  /** RFC 5869 HKDF with HMAC-SHA-256, for outputs of at most 32 bytes (one expand round). */
  static byte[] hkdfSha256(byte[] ikm, byte[] salt, String info, int length) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
    byte[] prk = mac.doFinal(ikm);
    mac.init(new SecretKeySpec(prk, "HmacSHA256"));
    mac.update(info.getBytes(StandardCharsets.US_ASCII));
    mac.update((byte) 1);
    byte[] okm = mac.doFinal();
    Arrays.fill(prk, (byte) 0);
    return Arrays.copyOf(okm, length);
  }
}
