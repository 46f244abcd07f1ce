package io.jdaprd.core.invoke.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.core.invoke.acl.CallerIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PEM material and SPIFFE IDs, on fixtures made with OpenSSL: a CA, leaves signed by it (one SPIFFE URI SAN, none,
 * two, a non-SPIFFE URI), the leaves' EC key in SEC1 and PKCS#8, an RSA key in PKCS#1 and an Ed25519 key.
 */
class IdentityTest {

  static String fixture(String name) {
    try (InputStream in = IdentityTest.class.getResourceAsStream("/identity/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void certificatesAreReadInOrder() throws Exception {
    List<X509Certificate> chain = Pem.certificates(fixture("app.pem") + fixture("ca.pem"));
    assertThat(chain).hasSize(2);
    assertThat(chain.get(0).getSubjectX500Principal().getName()).isEqualTo("O=jdaprd test");
    assertThat(chain.get(1).getSubjectX500Principal().getName()).isEqualTo("O=jdaprd test CA");
    chain.get(0).verify(chain.get(1).getPublicKey());
  }

  @Test
  void textWithoutCertificateIsRefused() {
    assertThatThrownBy(() -> Pem.certificates("")).isInstanceOf(IdentityException.class)
        .hasMessage("no certificate found in PEM");
    assertThatThrownBy(() -> Pem.certificates(fixture("app.pkcs8.pem"))).hasMessage("no certificate found in PEM");
  }

  @Test
  void aDamagedCertificateIsRefused() {
    String damaged = fixture("ca.pem").replaceFirst("\n[A-Za-z0-9+/]{8}", "\nAAAAAAAA");
    assertThatThrownBy(() -> Pem.certificates(damaged)).isInstanceOf(IdentityException.class)
        .hasMessageStartingWith("invalid certificate in PEM");
  }

  @Test
  void anEcKeyReadsTheSameFromSec1AndPkcs8() throws Exception {
    PrivateKey sec1 = Pem.privateKey(fixture("app.sec1.pem"));
    PrivateKey pkcs8 = Pem.privateKey(fixture("app.pkcs8.pem"));
    assertThat(sec1.getAlgorithm()).isEqualTo("EC");
    assertThat(pkcs8.getAlgorithm()).isEqualTo("EC");
    assertThat(((java.security.interfaces.ECPrivateKey) sec1).getS())
        .isEqualTo(((java.security.interfaces.ECPrivateKey) pkcs8).getS());
  }

  @Test
  void rsaAndEd25519KeysAreRead() throws Exception {
    assertThat(Pem.privateKey(fixture("rsa.pkcs1.pem")).getAlgorithm()).isEqualTo("RSA");
    assertThat(Pem.privateKey(fixture("ed25519.pkcs8.pem")).getAlgorithm()).isIn("Ed25519", "EdDSA");
  }

  @Test
  void textWithoutKeyIsRefused() {
    assertThatThrownBy(() -> Pem.privateKey(fixture("ca.pem"))).hasMessage("no private key found in PEM");
    assertThatThrownBy(() -> Pem.privateKey("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n"
        + "-----END ENCRYPTED PRIVATE KEY-----")).hasMessage("encrypted private keys are not supported");
  }

  @Test
  void theSpiffeIdIsTheOneUriSan() throws Exception {
    X509Certificate leaf = Pem.certificates(fixture("app.pem")).get(0);
    String id = SpiffeIds.fromCertificate(leaf);
    assertThat(id).isEqualTo("spiffe://public/ns/default/checkout");
    assertThat(CallerIdentity.parse(id)).isEqualTo(new CallerIdentity("public", "default", "checkout"));
  }

  @Test
  void aCertificateNeedsExactlyOneUriSan() throws Exception {
    X509Certificate none = Pem.certificates(fixture("nosan.pem")).get(0);
    X509Certificate two = Pem.certificates(fixture("twouris.pem")).get(0);
    assertThatThrownBy(() -> SpiffeIds.fromCertificate(none)).hasMessage("certificate contains no URI SAN");
    assertThatThrownBy(() -> SpiffeIds.fromCertificate(two)).hasMessage("certificate contains more than one URI SAN");
  }

  @Test
  void aUriSanThatIsNoSpiffeIdIsReturnedForTheCallerParserToRefuse() throws Exception {
    String id = SpiffeIds.fromCertificate(Pem.certificates(fixture("notspiffe.pem")).get(0));
    assertThat(id).isEqualTo("https://example.com/x");
    assertThatThrownBy(() -> CallerIdentity.parse(id)).hasMessage("scheme is missing or invalid");
  }

  @Test
  void theEnvironmentGivesAnchorsChainAndKey() throws Exception {
    MtlsMaterial m = MtlsMaterial.fromEnvironment(Map.of("DAPR_TRUST_ANCHORS", fixture("ca.pem"),
        "DAPR_CERT_CHAIN", fixture("app.pem"), "DAPR_CERT_KEY", fixture("app.sec1.pem"), "OTHER", "x"));
    assertThat(m.trustAnchors()).hasSize(1);
    assertThat(m.certChain()).hasSize(1);
    assertThat(m.privateKey().getAlgorithm()).isEqualTo("EC");
    assertThat(m.spiffeId()).isEqualTo("spiffe://public/ns/default/checkout");
  }

  @Test
  void withoutTrustAnchorsDaprdsErrorIsGiven() {
    assertThatThrownBy(() -> MtlsMaterial.fromEnvironment(Map.of("DAPR_CERT_CHAIN", fixture("app.pem"),
        "DAPR_CERT_KEY", fixture("app.sec1.pem")))).hasMessage("trust anchors are required");
  }

  @Test
  void withoutChainOrKeyTheVariablesAreNamed() {
    assertThatThrownBy(() -> MtlsMaterial.fromEnvironment(Map.of("DAPR_TRUST_ANCHORS", fixture("ca.pem"),
        "DAPR_CERT_CHAIN", fixture("app.pem"))))
        .hasMessageStartingWith("DAPR_CERT_CHAIN and DAPR_CERT_KEY are required");
  }

  @Test
  void aVariableThatDoesNotDecodeIsNamed() {
    assertThatThrownBy(() -> MtlsMaterial.fromEnvironment(Map.of("DAPR_TRUST_ANCHORS", "/etc/ca.pem",
        "DAPR_CERT_CHAIN", fixture("app.pem"), "DAPR_CERT_KEY", fixture("app.sec1.pem"))))
        .hasMessage("DAPR_TRUST_ANCHORS: no certificate found in PEM");
    assertThatThrownBy(() -> MtlsMaterial.fromPem(fixture("ca.pem"), fixture("app.pem"), fixture("ca.pem")))
        .hasMessage("DAPR_CERT_KEY: no private key found in PEM");
  }

  @Test
  void aKeyThatIsNotTheLeafsIsRefused() {
    assertThatThrownBy(() -> MtlsMaterial.fromPem(fixture("ca.pem"), fixture("app.pem"), fixture("rsa.pkcs1.pem")))
        .hasMessage("DAPR_CERT_KEY is not the key of the first certificate of DAPR_CERT_CHAIN");
  }
}
