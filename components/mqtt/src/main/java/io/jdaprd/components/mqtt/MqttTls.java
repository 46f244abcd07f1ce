package io.jdaprd.components.mqtt;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS material of daprd's {@code caCert}, {@code clientCert} and {@code clientKey} metadata: PEM text, as daprd
 * takes it (it refuses anything that is not PEM). The key must be PKCS#8 ({@code BEGIN PRIVATE KEY}: RSA, EC or
 * Ed25519). Without {@code caCert} the broker's certificate is checked against the JVM's trust store. Messages name
 * the field, never the key.
 */
final class MqttTls {
  private static final char[] NO_PASSWORD = new char[0];

  private final SSLSocketFactory factory;

  private MqttTls(SSLSocketFactory factory) {
    this.factory = factory;
  }

  /** The material of {@code m}, or {@code null} when none of the three fields is set. */
  static MqttTls from(ComponentMetadata m) throws ComponentException {
    String ca = m.get("caCert").orElse(null);
    String cert = m.get("clientCert").orElse(null);
    String key = m.get("clientKey").orElse(null);
    if (ca == null && cert == null && key == null) {
      return null;
    }
    if ((cert == null) != (key == null)) {
      throw new ComponentException("component " + m.name() + " (" + m.type()
          + "): metadata clientCert and clientKey go together");
    }
    try {
      KeyManagerFactory keys = null;
      if (cert != null) {
        List<Certificate> chain = certificates(m, "clientCert", cert);
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setKeyEntry("client", privateKey(m, key), NO_PASSWORD, chain.toArray(Certificate[]::new));
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, NO_PASSWORD);
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      if (ca != null) {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate c : certificates(m, "caCert", ca)) {
          store.setCertificateEntry("ca-" + i++, c);
        }
        trust.init(store);
      } else {
        trust.init((KeyStore) null);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
      return new MqttTls(context.getSocketFactory());
    } catch (GeneralSecurityException | IOException e) {
      throw new ComponentException("component " + m.name() + " (" + m.type() + "): cannot set up TLS: "
          + e.getClass().getSimpleName(), e);
    }
  }

  /** The socket factory Paho connects with. */
  SSLSocketFactory socketFactory() {
    return factory;
  }

  private static List<Certificate> certificates(ComponentMetadata m, String key, String pem)
      throws ComponentException {
    if (pem.contains("-----BEGIN CERTIFICATE-----")) {
      try {
        Collection<? extends Certificate> parsed = CertificateFactory.getInstance("X.509")
            .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        if (!parsed.isEmpty()) {
          return List.copyOf(parsed);
        }
      } catch (GeneralSecurityException e) {
        // reported below
      }
    }
    throw m.invalid(key, "(not PEM)", "PEM certificates");
  }

  private static PrivateKey privateKey(ComponentMetadata m, String pem) throws ComponentException {
    String expected = "a PKCS#8 PEM private key (BEGIN PRIVATE KEY) of an RSA, EC or Ed25519 key";
    int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
    int end = pem.indexOf("-----END PRIVATE KEY-----");
    if (begin < 0 || end < begin) {
      throw m.invalid("clientKey", "(set)", expected);
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
    } catch (IllegalArgumentException e) {
      throw m.invalid("clientKey", "(set)", expected);
    }
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw m.invalid("clientKey", "(set)", expected);
  }
}
