package io.jdaprd.components.crypto;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.crypto.KeyProviderException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code crypto.dapr.localstorage}: keys are files of the folder {@code path}, a key's name its file's name
 * (components-contrib's {@code localstorage}). A {@code .json} file holds one JWK, a {@code .pem} file a PEM key;
 * others are recognised by their content. Files are read on each use, so a key changed on disk is used at once.
 */
public final class LocalStorageKeyProvider extends LocalKeyProvider {
  /** The component type, as daprd registers it. */
  public static final String TYPE = "crypto.dapr.localstorage";

  private Path folder;

  @Override
  public void init(ComponentMetadata metadata) throws ComponentException {
    String path = metadata.get("path").orElseThrow(() -> new ComponentException(
        "failed to load metadata: metadata property 'path' is required"));
    Path p = Path.of(path).normalize();
    if (!Files.exists(p)) {
      throw new ComponentException("failed to load metadata: could not stat path '" + p
          + "': stat " + p + ": no such file or directory");
    }
    if (!Files.isDirectory(p)) {
      throw new ComponentException("failed to load metadata: path '" + p + "' is not a directory");
    }
    this.folder = p;
  }

  @Override
  LocalKey retrieveKey(String name) throws KeyProviderException {
    if (name.contains("..")) {
      throw new KeyProviderException("invalid key path: cannot contain '..'");
    }
    Path path = folder.resolve(name).normalize();
    byte[] data;
    try {
      data = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new KeyProviderException("failed to load key '" + name + "': open " + path + ": no such file or directory");
    } catch (AccessDeniedException e) {
      throw new KeyProviderException("failed to load key '" + name + "': open " + path + ": permission denied");
    } catch (IOException e) {
      String why = Files.isDirectory(path) ? "read " + path + ": is a directory" : "open " + path + ": input/output error";
      throw new KeyProviderException("failed to load key '" + name + "': " + why);
    }
    String file = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
    String contentType = file.endsWith(".json") ? KeyParsing.JSON : file.endsWith(".pem") ? KeyParsing.PEM : "";
    try {
      LocalKey key = KeyParsing.parse(data, contentType);
      switch (key.type()) {
        case "EC", "RSA", "OKP", "oct" -> {
          return key;
        }
        default -> throw new KeyParsing.Invalid("invalid key type");
      }
    } catch (KeyParsing.Invalid e) {
      throw new KeyProviderException("failed to parse key from secret: " + e.getMessage());
    }
  }
}
