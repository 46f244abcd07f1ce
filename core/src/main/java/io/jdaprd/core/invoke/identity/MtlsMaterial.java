package io.jdaprd.core.invoke.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a sidecar needs for mTLS with its peers: the trust anchors that peers' certificates must chain to, and its
 * own certificate chain (leaf first) with the leaf's private key.
 *
 * <p>daprd reads the trust anchors from {@code DAPR_TRUST_ANCHORS}, which holds the PEM text itself (not a path),
 * and refuses to start with mTLS on and none ({@code trust anchors are required}). Today's daprd gets its own
 * certificate from Sentry; daprd before 1.14 read it from {@code DAPR_CERT_CHAIN} and {@code DAPR_CERT_KEY}, PEM
 * text as well, which is how this runtime, without a Sentry client, is given one.
 *
 * @param trustAnchors the CA certificates peers' chains must end at
 * @param certChain this sidecar's certificate, then its intermediates
 * @param privateKey the key of {@code certChain}'s first certificate
 */
public record MtlsMaterial(List<X509Certificate> trustAnchors, List<X509Certificate> certChain,
    PrivateKey privateKey) {
  /** The environment variable with the trust anchors' PEM text. */
  public static final String TRUST_ANCHORS = "DAPR_TRUST_ANCHORS";
  /** The environment variable with the PEM text of this sidecar's certificate chain, leaf first. */
  public static final String CERT_CHAIN = "DAPR_CERT_CHAIN";
  /** The environment variable with the PEM text of the leaf's private key. */
  public static final String CERT_KEY = "DAPR_CERT_KEY";

  /** Copies the lists; every part is required. */
  public MtlsMaterial {
    trustAnchors = List.copyOf(trustAnchors);
    certChain = List.copyOf(certChain);
    Objects.requireNonNull(privateKey, "privateKey");
    if (trustAnchors.isEmpty() || certChain.isEmpty()) {
      throw new IllegalArgumentException("trust anchors and certificate chain must not be empty");
    }
  }

  /**
   * Reads the three variables from {@code env} (pass {@code System.getenv()}).
   *
   * @throws IdentityException {@code trust anchors are required} (daprd's words) without
   *     {@code DAPR_TRUST_ANCHORS}; a message naming the variable when the chain or key is missing or does not
   *     decode, or when the key is not the leaf's
   */
  public static MtlsMaterial fromEnvironment(Map<String, String> env) throws IdentityException {
    String anchors = env.getOrDefault(TRUST_ANCHORS, "");
    if (anchors.isBlank()) {
      throw new IdentityException("trust anchors are required");
    }
    String chain = env.getOrDefault(CERT_CHAIN, "");
    String key = env.getOrDefault(CERT_KEY, "");
    if (chain.isBlank() || key.isBlank()) {
      throw new IdentityException(CERT_CHAIN + " and " + CERT_KEY
          + " are required with mTLS: this runtime has no Sentry client to request a certificate from");
    }
    return of(read(TRUST_ANCHORS, anchors), readChain(chain), readKey(key));
  }

  /**
   * Material from PEM texts, checked as {@link #fromEnvironment} checks it.
   *
   * @throws IdentityException when a text does not decode or the key is not the leaf's
   */
  public static MtlsMaterial fromPem(String trustAnchorsPem, String certChainPem, String privateKeyPem)
      throws IdentityException {
    return of(read(TRUST_ANCHORS, trustAnchorsPem), readChain(certChainPem), readKey(privateKeyPem));
  }

  private static MtlsMaterial of(List<X509Certificate> anchors, List<X509Certificate> chain, PrivateKey key)
      throws IdentityException {
    if (!signs(key, chain.get(0).getPublicKey())) {
      throw new IdentityException(CERT_KEY + " is not the key of the first certificate of " + CERT_CHAIN);
    }
    return new MtlsMaterial(anchors, chain, key);
  }

  /** The SPIFFE ID of this sidecar's certificate. */
  public String spiffeId() throws IdentityException {
    return SpiffeIds.fromCertificate(certChain.get(0));
  }

  private static List<X509Certificate> read(String variable, String pem) throws IdentityException {
    try {
      return Pem.certificates(pem);
    } catch (IdentityException e) {
      throw new IdentityException(variable + ": " + e.getMessage(), e);
    }
  }

  private static List<X509Certificate> readChain(String pem) throws IdentityException {
    return read(CERT_CHAIN, pem);
  }

  private static PrivateKey readKey(String pem) throws IdentityException {
    try {
      return Pem.privateKey(pem);
    } catch (IdentityException e) {
      throw new IdentityException(CERT_KEY + ": " + e.getMessage(), e);
    }
  }

  /** Whether a probe signed with {@code key} verifies with {@code publicKey}. */
  private static boolean signs(PrivateKey key, PublicKey publicKey) {
    String algorithm = switch (key.getAlgorithm()) {
      case "EC" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      default -> key.getAlgorithm();
    };
    byte[] probe = "jdaprd key check".getBytes(StandardCharsets.US_ASCII);
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
