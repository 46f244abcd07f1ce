package io.jdaprd.messaging;

import io.jdaprd.core.invoke.identity.IdentityException;
import io.jdaprd.core.invoke.identity.SpiffeIds;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Checks a peer's X.509 SVID as go-spiffe's {@code tlsconfig} does for daprd: the leaf is no CA, may not sign
 * certificates or CRLs, carries exactly one URI SAN (its SPIFFE ID) and chains, through the intermediates the peer
 * sent, to one of the trust anchors, whatever its trust domain; no host name is checked. A client's check also
 * authorizes the server by its SPIFFE ID's path (daprd's {@code GRPCDialOptionMTLSUnknownTrustDomain}); a server's
 * authorizes any client (daprd's {@code AuthorizeAny}), leaving the caller to the access-control policy.
 */
final class SpiffeTrustManager extends X509ExtendedTrustManager {
  private static final int KEY_CERT_SIGN = 5;
  private static final int CRL_SIGN = 6;
  private static final String SCHEME = "spiffe://";

  private final Set<TrustAnchor> anchors;
  private final String expectedPath;

  /**
   * @param trustAnchors the CA certificates a peer's chain must end at
   * @param expectedPath the SPIFFE ID path the peer must have, {@code null} for any
   */
  SpiffeTrustManager(List<X509Certificate> trustAnchors, String expectedPath) {
    this.anchors = trustAnchors.stream().map(c -> new TrustAnchor(c, null)).collect(Collectors.toUnmodifiableSet());
    this.expectedPath = expectedPath;
  }

  /** The path of a SPIFFE ID string ({@code spiffe://td/ns/default/app} gives {@code /ns/default/app}). */
  static String pathOf(String spiffeId) {
    if (!spiffeId.startsWith(SCHEME)) {
      return null;
    }
    int slash = spiffeId.indexOf('/', SCHEME.length());
    return slash < 0 ? "" : spiffeId.substring(slash);
  }

  /**
   * Verifies {@code chain} (leaf first).
   *
   * @throws CertificateException naming what is wrong, go-spiffe's words where it has them
   */
  void verify(X509Certificate[] chain) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("x509svid: empty certificates chain");
    }
    X509Certificate leaf = chain[0];
    String id;
    try {
      id = SpiffeIds.fromCertificate(leaf);
    } catch (IdentityException e) {
      throw new CertificateException("x509svid: could not get leaf SPIFFE ID: " + e.getMessage(), e);
    }
    if (!id.startsWith(SCHEME)) {
      throw new CertificateException("x509svid: could not get leaf SPIFFE ID: scheme is missing or invalid");
    }
    if (leaf.getBasicConstraints() >= 0) {
      throw new CertificateException("x509svid: leaf certificate with CA flag set to true");
    }
    boolean[] usage = leaf.getKeyUsage();
    if (usage != null && usage.length > KEY_CERT_SIGN && usage[KEY_CERT_SIGN]) {
      throw new CertificateException("x509svid: leaf certificate with KeyCertSign key usage");
    }
    if (usage != null && usage.length > CRL_SIGN && usage[CRL_SIGN]) {
      throw new CertificateException("x509svid: leaf certificate with KeyCrlSign key usage");
    }
    chainsToAnAnchor(chain);
    if (expectedPath != null && !expectedPath.equals(pathOf(id))) {
      throw new CertificateException("unexpected SPIFFE ID: \"" + id + "\"");
    }
  }

  private void chainsToAnAnchor(X509Certificate[] chain) throws CertificateException {
    X509CertSelector leaf = new X509CertSelector();
    leaf.setCertificate(chain[0]);
    try {
      PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, leaf);
      parameters.setRevocationEnabled(false);
      parameters.addCertStore(CertStore.getInstance("Collection",
          new CollectionCertStoreParameters(Arrays.asList(chain))));
      CertPathBuilder.getInstance("PKIX").build(parameters);
    } catch (InvalidAlgorithmParameterException e) {
      throw new CertificateException("x509svid: no trust anchors", e);
    } catch (GeneralSecurityException e) {
      throw new CertificateException("x509svid: could not verify leaf certificate: " + e.getMessage(), e);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    verify(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    verify(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    verify(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    verify(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    verify(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    verify(chain);
  }

  /** None: as go's servers, the certificate request names no authority, so a client sends the one it has. */
  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
