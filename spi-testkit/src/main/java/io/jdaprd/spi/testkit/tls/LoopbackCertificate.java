package io.jdaprd.spi.testkit.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed certificate (EC P-256, valid two days) whose subject alternative name is {@code IP:127.0.0.1}, made
 * by the running JDK's {@code keytool}: what a test server on the loopback address presents, and what a client
 * given its PEM as the only root trusts.
 *
 * @param certificatePem the certificate, PEM
 * @param privateKeyPem its key, PKCS#8 PEM
 * @param keyStore both, for a server
 * @param password the key store's and the key's password
 */
public record LoopbackCertificate(String certificatePem, String privateKeyPem, KeyStore keyStore, char[] password) {
  private static final String ALIAS = "loopback";

  /**
   * Makes a new certificate in {@code dir} (which the caller owns).
   *
   * @throws IOException when {@code keytool} fails
   */
  public static LoopbackCertificate create(Path dir) throws IOException, GeneralSecurityException {
    Path store = dir.resolve("loopback-" + System.nanoTime() + ".p12");
    String pass = "changeit";
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", ALIAS, "-keyalg", "EC",
        "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
        "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", pass, "-keypass", pass)
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    try {
      if (p.waitFor() != 0) {
        throw new IOException("keytool failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while keytool ran", e);
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, pass.toCharArray());
    }
    Certificate cert = ks.getCertificate(ALIAS);
    Key key = ks.getKey(ALIAS, pass.toCharArray());
    return new LoopbackCertificate(pem("CERTIFICATE", cert.getEncoded()), pem("PRIVATE KEY", key.getEncoded()), ks,
        pass.toCharArray());
  }

  /** A TLS server context presenting this certificate. */
  public SSLContext serverContext() throws GeneralSecurityException {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keyStore, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    return context;
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
