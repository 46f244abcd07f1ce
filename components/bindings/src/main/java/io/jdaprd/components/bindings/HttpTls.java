package io.jdaprd.components.bindings;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS settings of {@code bindings.http}: {@code MTLSRootCA} (trusted instead of the JDK's roots) and
 * {@code MTLSClientCert} with {@code MTLSClientKey} (a client certificate; the key in PKCS#8 PEM, RSA or EC). Each
 * value is PEM text or the path of a PEM file, as in Dapr.
 */
final class HttpTls {
  private HttpTls() {
  }

  /** The TLS context the metadata asks for, or {@code null} for the JDK's default. */
  static SSLContext context(ComponentMetadata metadata) throws ComponentException {
    Optional<String> rootCa = metadata.get("MTLSRootCA");
    Optional<String> clientCert = metadata.get("MTLSClientCert");
    Optional<String> clientKey = metadata.get("MTLSClientKey");
    if (rootCa.isEmpty() && (clientCert.isEmpty() || clientKey.isEmpty())) {
      return null;
    }
    try {
      TrustManagerFactory trust = null;
      if (rootCa.isPresent()) {
        KeyStore roots = KeyStore.getInstance(KeyStore.getDefaultType());
        roots.load(null, null);
        int i = 0;
        for (Certificate c : certificates(pem(metadata, "MTLSRootCA", rootCa.get()))) {
          roots.setCertificateEntry("ca-" + i++, c);
        }
        if (i == 0) {
          throw new ComponentException("failed to add root certificate to certpool");
        }
        trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(roots);
      }
      KeyManagerFactory keys = null;
      if (clientCert.isPresent() && clientKey.isPresent()) {
        Collection<? extends Certificate> chain = certificates(pem(metadata, "MTLSClientCert", clientCert.get()));
        PrivateKey key = privateKey(pem(metadata, "MTLSClientKey", clientKey.get()));
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setKeyEntry("client", key, new char[0], chain.toArray(Certificate[]::new));
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, new char[0]);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(),
          null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new ComponentException("component " + metadata.name() + " (" + metadata.type()
          + "): failed to load the TLS settings: " + e.getMessage());
    }
  }

  private static String pem(ComponentMetadata metadata, String name, String value) throws ComponentException {
    if (value.contains("-----BEGIN")) {
      return value;
    }
    try {
      return Files.readString(Path.of(value));
    } catch (IOException | RuntimeException e) {
      throw new ComponentException("component " + metadata.name() + ": provided \"" + name
          + "\" value is neither a valid file path or nor a valid pem encoded string");
    }
  }

  private static Collection<? extends Certificate> certificates(String pem) throws GeneralSecurityException {
    return CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  private static PrivateKey privateKey(String pem) throws GeneralSecurityException {
    String body = pem.replaceAll("-----(BEGIN|END) [A-Z ]*PRIVATE KEY-----", "").replaceAll("\\s", "");
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body));
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(spec);
    } catch (GeneralSecurityException e) {
      return KeyFactory.getInstance("EC").generatePrivate(spec);
    }
  }
}
