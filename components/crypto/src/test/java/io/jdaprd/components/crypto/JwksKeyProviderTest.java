package io.jdaprd.components.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.crypto.KeyProvider;
import io.jdaprd.spi.testkit.crypto.KeyProviderConformance;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conformance suite on {@code crypto.dapr.jwks} with the set inline, in a file, and at a URL. */
class JwksKeyProviderTest {

  static JwksKeyProvider open(String jwks) throws ComponentException {
    JwksKeyProvider p = new JwksKeyProvider();
    p.init(new ComponentMetadata("keys", JwksKeyProvider.TYPE, "v1", "app", Map.of("jwks", jwks)));
    return p;
  }

  @Nested
  class Inline extends KeyProviderConformance {
    @Override
    protected KeyProvider createProvider(Keys keys) throws Exception {
      return open(TestKeys.jwks(keys));
    }
  }

  @Nested
  class InlineBase64 extends KeyProviderConformance {
    @Override
    protected KeyProvider createProvider(Keys keys) throws Exception {
      return open(Base64.getEncoder().encodeToString(TestKeys.jwks(keys).getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Nested
  class InFile extends KeyProviderConformance {
    @TempDir
    Path dir;

    @Override
    protected KeyProvider createProvider(Keys keys) throws Exception {
      Path file = dir.resolve("jwks.json");
      Files.writeString(file, TestKeys.jwks(keys));
      return open(file.toString());
    }
  }

  @Nested
  class AtUrl extends KeyProviderConformance {
    @Override
    protected KeyProvider createProvider(Keys keys) throws Exception {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      byte[] body = TestKeys.jwks(keys).getBytes(StandardCharsets.UTF_8);
      server.createContext("/jwks.json", ex -> {
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
        ex.close();
      });
      server.start();
      try {
        return open("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
      } finally {
        server.stop(0);
      }
    }
  }

  @Test
  void contribTexts() throws Exception {
    JwksKeyProvider p = open("{\"keys\":[]}");
    assertThatThrownBy(() -> p.wrapKey(new byte[32], "A256KW", "k", null))
        .hasMessage("failed to retrieve the key encryption key: key not found");
    assertThatThrownBy(() -> open("not json")).hasMessage("failed to init cache: failed to parse property "
        + "'location': not a URL, path to local file, or JSON value (optionally base64-encoded)");
    assertThatThrownBy(() -> new JwksKeyProvider().init(new ComponentMetadata("k", JwksKeyProvider.TYPE, "v1", "a",
        Map.of()))).hasMessage("empty metadata properties");
  }

  @Test
  void fileIsReadAgainWhenItChanges(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("jwks.json");
    Files.writeString(file, "{\"keys\":[]}");
    JwksKeyProvider p = open(file.toString());
    assertThatThrownBy(() -> p.wrapKey(new byte[32], "A256KW", "later", null)).hasMessageContaining("key not found");
    Files.writeString(file, "{\"keys\":[{\"kty\":\"oct\",\"kid\":\"later\",\"k\":\""
        + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]) + "\"}]}");
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
    assertThat(p.wrapKey(new byte[32], "A256KW", "later", null).wrappedKey()).hasSize(40);
  }
}
