package io.jdaprd.core.crypto.enc;

import io.jdaprd.golang.GoJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * The {@code dapr.io/enc/v1} scheme. A message is {@code header || segment_0 || ... || segment_k}: the header is
 * three lines (the scheme's name, a compact JSON manifest, the base64 HMAC-SHA-256 of the first two lines), each
 * segment 64 KiB of plaintext (the last one shorter, none when the message is empty) sealed with its 16-byte tag.
 *
 * <p>Both directions answer an {@link InputStream} that computes its bytes as it is read: memory stays at one
 * segment's buffer whatever the message's size. Errors before the first byte (options, wrapping, header) are
 * {@link SchemeException}s; errors while streaming (a segment that does not authenticate, a truncated message, the
 * input failing) are {@link IOException}s whose message is dapr/kit's text.
 */
public final class EncV1 {
  /** The first line of every message. */
  public static final String SCHEME_NAME = "dapr.io/enc/v1";
  /** The plaintext of a full segment. */
  public static final int SEGMENT_SIZE = 64 << 10;
  /** The tag after each segment. */
  public static final int SEGMENT_OVERHEAD = FileKey.TAG_LENGTH;

  static final String KEY_MISSING =
      "document's manifest does not contain a key name, and no key name was provided";
  static final String SIGNATURE = "failed to validate the document's signature";
  static final String SEGMENT = "failed to decrypt segment";

  private static final SecureRandom RANDOM = new SecureRandom();

  private EncV1() {
  }

  /** Wraps a file key with a key of the caller's provider: daprd's {@code WrapKeyFn}. */
  @FunctionalInterface
  public interface Wrapper {
    /**
     * The wrapped key.
     *
     * @throws Exception whose message the scheme passes on after {@code failed to wrap the file key: }
     */
    byte[] wrap(byte[] plaintextKey, String algorithm, String keyName) throws Exception;
  }

  /** Unwraps a file key: daprd's {@code UnwrapKeyFn}. Its failure is not told apart from a wrong key. */
  @FunctionalInterface
  public interface Unwrapper {
    /** The plaintext key. */
    byte[] unwrap(byte[] wrappedKey, String algorithm, String keyName) throws Exception;
  }

  /**
   * The options of {@link #encrypt}.
   *
   * @param keyName the key that wraps the file key (required)
   * @param algorithm the wrapping algorithm's name, upper case, aliases allowed (required)
   * @param decryptionKeyName the key name written in the manifest instead of {@code keyName}; empty: {@code keyName}
   * @param omitKeyName whether the manifest carries no key name
   * @param cipher the data cipher's name, upper case; empty: AES-GCM
   */
  public record EncryptOptions(String keyName, String algorithm, String decryptionKeyName, boolean omitKeyName,
      String cipher) {
  }

  /**
   * Encrypts {@code in}. The file key is wrapped now; the payload is encrypted as the answer is read.
   *
   * @throws SchemeException with dapr/kit's text when an option is invalid or wrapping fails
   */
  public static InputStream encrypt(InputStream in, EncryptOptions options, Wrapper wrapper) throws SchemeException {
    if (options.keyName() == null || options.keyName().isEmpty()) {
      throw new SchemeException("option KeyName is required");
    }
    if (options.algorithm() == null || options.algorithm().isEmpty()) {
      throw new SchemeException("option Algorithm is required");
    }
    KeyWrapAlgorithm algorithm = KeyWrapAlgorithm.named(options.algorithm()).orElseThrow(() -> new SchemeException(
        "option Algorithm is not valid: algorithm " + options.algorithm() + " is not supported"));
    DataCipher cipher = DataCipher.AES_GCM;
    if (options.cipher() != null && !options.cipher().isEmpty()) {
      cipher = DataCipher.named(options.cipher()).orElseThrow(() -> new SchemeException(
          "option Cipher is not valid: cipher " + options.cipher() + " is not supported"));
    }
    byte[] random = new byte[FileKey.KEY_LENGTH + FileKey.NONCE_PREFIX_LENGTH];
    RANDOM.nextBytes(random);
    byte[] fileKeyBytes = Arrays.copyOf(random, FileKey.KEY_LENGTH);
    byte[] noncePrefix = Arrays.copyOfRange(random, FileKey.KEY_LENGTH, random.length);
    Arrays.fill(random, (byte) 0);
    try {
      byte[] wrapped;
      try {
        wrapped = wrapper.wrap(fileKeyBytes.clone(), algorithm.joseName(), options.keyName());
      } catch (Exception e) {
        throw new SchemeException("failed to wrap the file key: " + e.getMessage());
      }
      String keyName = options.omitKeyName() ? ""
          : options.decryptionKeyName() == null || options.decryptionKeyName().isEmpty() ? options.keyName()
          : options.decryptionKeyName();
      FileKey fileKey = new FileKey(fileKeyBytes, noncePrefix, cipher);
      byte[] manifest = manifest(keyName, algorithm, wrapped, cipher, noncePrefix);
      byte[] header = header(manifest, fileKey.headerMac(manifest));
      if (header.length > SEGMENT_SIZE) {
        throw new SchemeException("failed to sign header: header is too long");
      }
      return new SegmentStream(in, fileKey, true, header);
    } catch (GeneralSecurityException e) {
      throw new SchemeException("failed to create cipher: " + e.getMessage());
    } finally {
      Arrays.fill(fileKeyBytes, (byte) 0);
    }
  }

  /**
   * Decrypts {@code in}: reads and verifies the header now; the payload is decrypted and authenticated segment by
   * segment as the answer is read, so no unauthenticated byte is ever answered.
   *
   * @param keyName the key that unwraps the file key; empty: the manifest's
   * @throws SchemeException with dapr/kit's text when the header is invalid, names no key, or does not verify
   */
  public static InputStream decrypt(InputStream in, String keyName, Unwrapper unwrapper) throws SchemeException {
    Header header = Header.read(in);
    Manifest manifest = Manifest.parse(header.manifest());
    String name = keyName == null || keyName.isEmpty() ? manifest.keyName() : keyName;
    if (name.isEmpty()) {
      throw new SchemeException(KEY_MISSING);
    }
    byte[] fileKeyBytes;
    try {
      fileKeyBytes = unwrapper.unwrap(manifest.wrappedKey(), manifest.algorithm().joseName(), name);
    } catch (Exception e) {
      // As dapr/kit: a failed unwrap is not told apart from a wrong key (the header's MAC fails below).
      fileKeyBytes = null;
    }
    if (fileKeyBytes == null || fileKeyBytes.length != FileKey.KEY_LENGTH) {
      fileKeyBytes = new byte[FileKey.KEY_LENGTH];
    }
    try {
      FileKey fileKey = new FileKey(fileKeyBytes, manifest.noncePrefix(), manifest.cipher());
      byte[] mac;
      try {
        mac = GoBase64.decode(header.mac());
      } catch (IllegalArgumentException e) {
        throw new SchemeException("failed to decode header's signature: " + e.getMessage());
      }
      if (!fileKey.verifyHeader(header.manifest(), mac)) {
        throw new SchemeException(SIGNATURE);
      }
      return new SegmentStream(header.rest(), fileKey, false, new byte[0]);
    } catch (GeneralSecurityException e) {
      throw new SchemeException("failed to create cipher: " + e.getMessage());
    } finally {
      Arrays.fill(fileKeyBytes, (byte) 0);
    }
  }

  /** The manifest as Go's {@code json.Marshal} writes the struct: {@code k} (omitted when empty), kw, wfk, cph, np. */
  static byte[] manifest(String keyName, KeyWrapAlgorithm algorithm, byte[] wrapped, DataCipher cipher,
      byte[] noncePrefix) {
    GoJson json = new GoJson(128).raw('{');
    boolean first = true;
    if (!keyName.isEmpty()) {
      json.key("k", true).string(keyName);
      first = false;
    }
    json.key("kw", first).raw(Integer.toString(algorithm.id()))
        .key("wfk", false).string(Base64.getEncoder().encodeToString(wrapped))
        .key("cph", false).raw(Integer.toString(cipher.id()))
        .key("np", false).string(Base64.getEncoder().encodeToString(noncePrefix))
        .raw('}');
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] header(byte[] manifest, byte[] mac) {
    byte[] name = SCHEME_NAME.getBytes(StandardCharsets.US_ASCII);
    byte[] macB64 = Base64.getEncoder().encode(mac);
    byte[] out = new byte[name.length + 1 + manifest.length + 1 + macB64.length + 1];
    int p = 0;
    System.arraycopy(name, 0, out, p, name.length);
    p += name.length;
    out[p++] = '\n';
    System.arraycopy(manifest, 0, out, p, manifest.length);
    p += manifest.length;
    out[p++] = '\n';
    System.arraycopy(macB64, 0, out, p, macB64.length);
    p += macB64.length;
    out[p] = '\n';
    return out;
  }
}
