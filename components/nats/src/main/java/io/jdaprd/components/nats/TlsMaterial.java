package io.jdaprd.components.nats;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
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
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS context of the connection, from {@code tls_client_cert}, {@code tls_client_key} and {@code tls_client_ca}.
 * Each is PEM text or the path of a PEM file (daprd reads files). The key must be PKCS#8 ({@code BEGIN PRIVATE KEY},
 * RSA, EC or Ed25519); {@code openssl pkcs8 -topk8 -nocrypt} converts other forms. Without {@code tls_client_ca} the
 * server's certificate is checked against the JVM's trust store.
 */
final class TlsMaterial {
  private static final char[] NO_PASSWORD = new char[0];

  private TlsMaterial() {
  }

  /** Whether any TLS metadata is set, so that the connection needs a context of its own. */
  static boolean configured(JetStreamSettings s) {
    return s.tlsClientCert() != null || s.tlsClientCa() != null;
  }

  /** The context; the message of a failure names the field but never shows the key. */
  static SSLContext context(JetStreamSettings s, ComponentMetadata m) throws ComponentException {
    try {
      KeyManagerFactory keys = null;
      if (s.tlsClientCert() != null) {
        List<Certificate> chain = certificates(m, "tls_client_cert", s.tlsClientCert());
        PrivateKey key = privateKey(m, s.tlsClientKey());
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setKeyEntry("client", key, NO_PASSWORD, chain.toArray(Certificate[]::new));
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, NO_PASSWORD);
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      if (s.tlsClientCa() != null) {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate ca : certificates(m, "tls_client_ca", s.tlsClientCa())) {
          store.setCertificateEntry("ca-" + i++, ca);
        }
        trust.init(store);
      } else {
        trust.init((KeyStore) null);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new ComponentException("component " + m.name() + " (" + m.type() + "): cannot set up TLS: "
          + e.getClass().getSimpleName(), e);
    }
  }

  private static List<Certificate> certificates(ComponentMetadata m, String key, String value)
      throws ComponentException {
    String pem = pem(m, key, value, "-----BEGIN CERTIFICATE-----");
    try {
      Collection<? extends Certificate> parsed = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
      if (!parsed.isEmpty()) {
        return List.copyOf(parsed);
      }
    } catch (GeneralSecurityException e) {
      // reported below
    }
    throw m.invalid(key, shown(value), "PEM certificates, or the path of a PEM file holding them");
  }

  private static PrivateKey privateKey(ComponentMetadata m, String value) throws ComponentException {
    String pem = pem(m, "tls_client_key", value, "-----BEGIN");
    String expected = "a PKCS#8 PEM private key (BEGIN PRIVATE KEY), or the path of a file holding one";
    int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
    int end = pem.indexOf("-----END PRIVATE KEY-----");
    if (begin < 0 || end < begin) {
      throw m.invalid("tls_client_key", "(set)", expected);
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
    } catch (IllegalArgumentException e) {
      throw m.invalid("tls_client_key", "(set)", expected);
    }
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw m.invalid("tls_client_key", "(set)", expected + " of an RSA, EC or Ed25519 key");
  }

  /** {@code value} itself when it holds {@code marker}, else the text of the file it names. */
  private static String pem(ComponentMetadata m, String key, String value, String marker) throws ComponentException {
    if (value.contains(marker)) {
      return value;
    }
    try {
      return Files.readString(Path.of(value.trim()), StandardCharsets.US_ASCII);
    } catch (IOException | InvalidPathException e) {
      throw m.invalid(key, key.equals("tls_client_key") ? "(set)" : shown(value),
          "PEM text, or the path of a readable PEM file");
    }
  }

  /** What an error may show of a certificate value: a path as given, PEM text as {@code (PEM text)}. */
  private static String shown(String value) {
    return value.contains("-----") || value.length() > 200 ? "(PEM text)" : value.trim();
  }
}
