package io.jdaprd.core.invoke.identity;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The SPIFFE ID of an X.509 SVID, read as go-spiffe reads it ({@code x509svid.IDFromCert}). */
public final class SpiffeIds {
  private static final int URI_NAME = 6;

  private SpiffeIds() {
  }

  /**
   * The one URI subject alternative name of {@code certificate}, as written (for example
   * {@code spiffe://public/ns/default/checkout}); whether it is a valid SPIFFE ID, and a Dapr one, is for
   * {@code CallerIdentity.parse} to say.
   *
   * @throws IdentityException {@code certificate contains no URI SAN} or {@code certificate contains more than one
   *     URI SAN}, go-spiffe's words
   */
  public static String fromCertificate(X509Certificate certificate) throws IdentityException {
    List<String> uris = new ArrayList<>();
    Collection<List<?>> names;
    try {
      names = certificate.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      throw new IdentityException("invalid subject alternative names: " + e.getMessage(), e);
    }
    if (names != null) {
      for (List<?> name : names) {
        if (name.size() >= 2 && name.get(0) instanceof Integer type && type == URI_NAME) {
          uris.add(String.valueOf(name.get(1)));
        }
      }
    }
    if (uris.isEmpty()) {
      throw new IdentityException("certificate contains no URI SAN");
    }
    if (uris.size() > 1) {
      throw new IdentityException("certificate contains more than one URI SAN");
    }
    return uris.get(0);
  }
}
