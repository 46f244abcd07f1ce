package io.jdaprd.components.crypto;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.crypto.KeyProviderException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code crypto.dapr.jwks}: the keys of one JWK Set, found by their {@code kid} (components-contrib's {@code jwks},
 * on dapr/kit's JWKS cache). Metadata {@code jwks} is an {@code https://} or {@code http://} URL (fetched within
 * {@code requestTimeout}, default 30s, then again every {@code minRefreshInterval}, default 10m, keeping the last
 * good set when a refresh fails), the path of a file (read again when its modification time changes), or the set
 * itself as JSON, optionally in base64.
 */
public final class JwksKeyProvider extends LocalKeyProvider {
  /** The component type, as daprd registers it. */
  public static final String TYPE = "crypto.dapr.jwks";

  private static final Logger LOG = LoggerFactory.getLogger(JwksKeyProvider.class);
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration DEFAULT_REFRESH = Duration.ofMinutes(10);

  private volatile Map<String, LocalKey> keys = Map.of();
  private Path file;
  private FileTime fileTime;
  private ScheduledExecutorService refresher;

  @Override
  public void init(ComponentMetadata metadata) throws ComponentException {
    if (metadata.properties().isEmpty()) {
      throw new ComponentException("empty metadata properties");
    }
    String location = metadata.get("jwks").orElseThrow(() -> new ComponentException(
        "failed to load metadata: metadata property 'jwks' is required"));
    Duration timeout = metadata.getDuration("requestTimeout", DEFAULT_TIMEOUT);
    if (timeout.compareTo(Duration.ofMillis(1)) < 0) {
      timeout = DEFAULT_TIMEOUT;
    }
    Duration refresh = metadata.getDuration("minRefreshInterval", DEFAULT_REFRESH);
    if (refresh.compareTo(Duration.ofSeconds(1)) < 0) {
      refresh = DEFAULT_REFRESH;
    }
    if (location.startsWith("https://") || location.startsWith("http://")) {
      if (location.startsWith("http://")) {
        LOG.warn("Loading JWK from an HTTP endpoint without TLS: this is not recommended on production environments.");
      }
      HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
      URI uri = URI.create(location);
      Duration t = timeout;
      try {
        keys = fetch(client, uri, t);
      } catch (Exception e) {
        throw new ComponentException("failed to init cache: failed to fetch JWKS: " + e.getMessage());
      }
      refresher = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());
      refresher.scheduleWithFixedDelay(() -> {
        try {
          keys = fetch(client, uri, t);
        } catch (Exception e) {
          LOG.warn("Error while refreshing JWKS cache: {}", e.getMessage());
        }
      }, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
      return;
    }
    Path path = Path.of(location);
    if (Files.isRegularFile(path)) {
      file = path;
      try {
        reloadFile();
      } catch (Exception e) {
        throw new ComponentException("failed to init cache: " + e.getMessage());
      }
      return;
    }
    String json;
    try {
      String trimmed = location.replaceAll("=+$", "");
      json = new String(Base64.getDecoder().decode(trimmed), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      json = location;
    }
    try {
      keys = parse(json);
    } catch (Exception e) {
      throw new ComponentException("failed to init cache: failed to parse property 'location': not a URL, path to "
          + "local file, or JSON value (optionally base64-encoded)");
    }
  }

  private static Map<String, LocalKey> fetch(HttpClient client, URI uri, Duration timeout) throws Exception {
    HttpResponse<String> res = client.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (res.statusCode() != 200) {
      throw new IOException("failed to fetch \"" + uri + "\": " + res.statusCode());
    }
    return parse(res.body());
  }

  private synchronized void reloadFile() throws Exception {
    FileTime now = Files.getLastModifiedTime(file);
    if (!now.equals(fileTime)) {
      keys = parse(Files.readString(file));
      fileTime = now;
    }
  }

  private static Map<String, LocalKey> parse(String json) throws Exception {
    Map<String, LocalKey> out = new HashMap<>();
    for (JWK jwk : JWKSet.parse(json).getKeys()) {
      if (jwk.getKeyID() != null) {
        out.putIfAbsent(jwk.getKeyID(), LocalKey.of(jwk));
      }
    }
    return Map.copyOf(out);
  }

  @Override
  LocalKey retrieveKey(String name) throws KeyProviderException {
    if (file != null) {
      try {
        reloadFile();
      } catch (Exception e) {
        LOG.error("Error reading JWKS from disk: {}", e.getMessage());
      }
    }
    LocalKey key = keys.get(name);
    if (key == null) {
      throw new KeyProviderException("key not found");
    }
    return key;
  }

  @Override
  public void close() {
    if (refresher != null) {
      refresher.shutdownNow();
    }
  }
}
