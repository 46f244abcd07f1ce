package io.jdaprd.components.crypto;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import io.jdaprd.spi.testkit.crypto.KeyProviderConformance;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;

/** The conformance suite's keys written the ways the providers read them. */
final class TestKeys {
  private TestKeys() {
  }

  static OctetSequenceKey oct(String kid, byte[] secret) {
    return new OctetSequenceKey.Builder(secret).keyID(kid).build();
  }

  static RSAKey rsa(String kid, KeyProviderConformance.Keys keys) {
    return new RSAKey.Builder((RSAPublicKey) keys.rsa().getPublic())
        .privateKey((RSAPrivateKey) keys.rsa().getPrivate()).keyID(kid).build();
  }

  static String jwks(KeyProviderConformance.Keys keys) {
    return new JWKSet(List.of(oct("aes256", keys.aes256().getEncoded()), oct("aes128", keys.aes128().getEncoded()),
        rsa("rsa", keys))).toString(false);
  }

  static String pkcs8Pem(KeyProviderConformance.Keys keys) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.rsa().getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }
}
