package io.jdaprd.components.crypto;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One key as the providers use it: its JWK type ({@code oct}, {@code RSA}, {@code EC}, {@code OKP}), the material the
 * JDK works with, and the JWK's restrictions ({@code alg}, {@code use}, {@code key_ops}). {@code toString} shows no
 * material.
 *
 * @param type the JWK {@code kty}
 * @param secret the bytes of a symmetric key, else {@code null}
 * @param publicKey the public key of an asymmetric key, or {@code null} when the JDK cannot represent it
 * @param privateKey the private key, or {@code null} for a public key
 * @param algorithm the JWK's {@code alg}, or empty
 * @param use the JWK's {@code use}, or empty
 * @param operations the JWK's {@code key_ops}, empty when unset
 */
record LocalKey(String type, byte[] secret, PublicKey publicKey, PrivateKey privateKey, String algorithm, String use,
    Set<String> operations) {

  static final String OCT = "oct";
  static final String RSA = "RSA";

  /** A symmetric key without restrictions. */
  static LocalKey symmetric(byte[] secret) {
    return new LocalKey(OCT, secret.clone(), null, null, "", "", Set.of());
  }

  /** An asymmetric key without restrictions. */
  static LocalKey asymmetric(String type, PublicKey publicKey, PrivateKey privateKey) {
    return new LocalKey(type, null, publicKey, privateKey, "", "", Set.of());
  }

  /** The key of a parsed JWK. */
  static LocalKey of(JWK jwk) throws JOSEException {
    String alg = jwk.getAlgorithm() == null ? "" : jwk.getAlgorithm().getName();
    String use = jwk.getKeyUse() == null ? "" : jwk.getKeyUse().identifier();
    Set<String> ops = jwk.getKeyOperations() == null ? Set.of()
        : jwk.getKeyOperations().stream().map(KeyOperation::identifier).collect(Collectors.toUnmodifiableSet());
    String type = jwk.getKeyType().getValue();
    if (jwk instanceof OctetSequenceKey oct) {
      return new LocalKey(type, oct.toByteArray(), null, null, alg, use, ops);
    }
    if (jwk instanceof RSAKey rsa) {
      return new LocalKey(type, null, rsa.toRSAPublicKey(), rsa.isPrivate() ? rsa.toRSAPrivateKey() : null, alg, use,
          ops);
    }
    if (jwk instanceof ECKey ec) {
      return new LocalKey(type, null, ec.toECPublicKey(), ec.isPrivate() ? ec.toECPrivateKey() : null, alg, use, ops);
    }
    return new LocalKey(type, null, null, null, alg, use, ops);
  }

  /** Whether {@code use} and {@code key_ops} allow {@code operation} ({@code wrapKey}, {@code unwrapKey}, ...). */
  boolean canPerform(String operation) {
    if (operations.isEmpty() && use.isEmpty()) {
      return true;
    }
    if (!operations.isEmpty() && !operations.contains(operation)) {
      return false;
    }
    if (!use.isEmpty()) {
      return switch (operation) {
        case "encrypt", "decrypt", "wrapKey", "unwrapKey" -> use.equals("enc");
        case "sign", "verify" -> use.equals("sig");
        default -> true;
      };
    }
    return true;
  }

  /** Whether the JWK's {@code alg} (when it has one) is {@code algorithm}. */
  boolean allows(String algorithm) {
    return this.algorithm.isEmpty() || this.algorithm.equals(algorithm);
  }

  @Override
  public String toString() {
    return "LocalKey[" + type + (algorithm.isEmpty() ? "" : ", " + algorithm) + "]";
  }
}
