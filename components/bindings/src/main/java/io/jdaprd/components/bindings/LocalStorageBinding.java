package io.jdaprd.components.bindings;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.bindings.BindingException;
import io.jdaprd.spi.bindings.BindingRequest;
import io.jdaprd.spi.bindings.BindingResponse;
import io.jdaprd.spi.bindings.OutputBinding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@code bindings.localstorage}: files under the {@code rootPath} directory, as Dapr's local storage binding keeps
 * them. {@code create} writes the data to the {@code fileName} metadata (a random UUID when absent), after
 * unquoting a JSON string and decoding base64 text as Dapr does, and answers {@code {"fileName":"<relative>"}};
 * {@code get} answers a file's bytes; {@code list} the absolute paths of the files under a directory; {@code delete}
 * removes a file and answers nothing. A file name never leaves the root: {@code ..} stops at the root, and a path
 * through a symbolic link that points outside it is refused.
 */
public final class LocalStorageBinding implements OutputBinding {
  /** The component type. */
  public static final String TYPE = "bindings.localstorage";
  private static final List<String> OPERATIONS = List.of("create", "get", "list", "delete");
  private static final List<String> DISALLOWED = List.of("/proc", "/sys", "/boot", "/var/run/secrets");
  private static final ObjectMapper JSON = new ObjectMapper();

  private Path root;

  @Override
  public void init(ComponentMetadata metadata) throws ComponentException {
    String configured = metadata.get("rootPath").orElseThrow(() -> new ComponentException(
        "failed to parse metadata: property rootPath must not be empty"));
    Path path = Path.of(configured).toAbsolutePath().normalize();
    for (String p : DISALLOWED) {
      if (path.startsWith(Path.of(p))) {
        throw new ComponentException("failed to parse metadata: property rootPath points to a disallowed location");
      }
    }
    if (Files.exists(path) && !Files.isDirectory(path)) {
      throw new ComponentException("failed to parse metadata: property rootPath represents a file and not a"
          + " directory");
    }
    try {
      Files.createDirectories(path);
      root = path.toRealPath();
    } catch (IOException e) {
      throw new ComponentException("unable to create directory specified by 'rootPath' " + configured + ": "
          + e.getMessage());
    }
  }

  @Override
  public List<String> operations() {
    return OPERATIONS;
  }

  @Override
  public BindingResponse invoke(BindingRequest request) throws BindingException {
    String fileName = request.metadata().getOrDefault("fileName", "");
    if (fileName.isEmpty() && request.operation().equals("create")) {
      fileName = UUID.randomUUID().toString();
    }
    Path abs = resolve(fileName);
    return switch (request.operation()) {
      case "create" -> create(abs, request.data());
      case "get" -> get(abs);
      case "delete" -> delete(abs);
      case "list" -> list(abs);
      default -> throw new BindingException("unsupported operation " + request.operation());
    };
  }

  /** The file {@code name} under the root, {@code ..} stopping at the root, refused when a link leads outside. */
  Path resolve(String name) throws BindingException {
    List<String> parts = new ArrayList<>();
    for (String part : name.replace('\\', '/').split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!parts.isEmpty()) {
          parts.remove(parts.size() - 1);
        }
        continue;
      }
      parts.add(part);
    }
    Path abs = root;
    for (String part : parts) {
      abs = abs.resolve(part);
    }
    Path existing = abs;
    while (existing != null && !Files.exists(existing, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    try {
      if (existing != null && !existing.toRealPath().startsWith(root)) {
        throw new BindingException("error getting absolute path for file " + name + ": the path leaves the root"
            + " directory");
      }
    } catch (IOException e) {
      throw new BindingException("error getting absolute path for file " + name + ": " + e.getMessage());
    }
    return abs;
  }

  private BindingResponse create(Path abs, byte[] data) throws BindingException {
    byte[] bytes = decode(data);
    try {
      Files.createDirectories(abs.getParent());
    } catch (IOException e) {
      throw new BindingException("error creating directory " + abs.getParent() + ": " + e.getMessage());
    }
    try {
      Files.write(abs, bytes);
    } catch (IOException e) {
      throw new BindingException("error creating file " + abs + ": " + e.getMessage());
    }
    String relative = root.relativize(abs).toString();
    try {
      return new BindingResponse(JSON.writeValueAsBytes(Map.of("fileName", relative.isEmpty() ? "." : relative)),
          Map.of(), null);
    } catch (IOException e) {
      throw new BindingException("error encoding response as JSON: " + e.getMessage());
    }
  }

  /** Dapr's reading of the data: a quoted string is unquoted, then base64 text is decoded. */
  static byte[] decode(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
      try {
        text = JSON.readValue(text, String.class);
        data = text.getBytes(StandardCharsets.UTF_8);
      } catch (IOException e) {
        // not a quoted string: kept as it is
      }
    }
    String compact = text.replace("\r", "").replace("\n", "");
    if (compact.length() % 4 == 0) {
      try {
        return Base64.getDecoder().decode(compact);
      } catch (IllegalArgumentException e) {
        return data;
      }
    }
    return data;
  }

  private static BindingResponse get(Path abs) throws BindingException {
    try {
      return new BindingResponse(Files.readAllBytes(abs), Map.of(), null);
    } catch (NoSuchFileException e) {
      throw new BindingException("file not found: " + abs);
    } catch (IOException e) {
      throw new BindingException("error reading file " + abs + ": " + e.getMessage());
    }
  }

  private static BindingResponse delete(Path abs) throws BindingException {
    try {
      Files.delete(abs);
      return BindingResponse.EMPTY;
    } catch (NoSuchFileException e) {
      throw new BindingException("error deleting file " + abs + ": remove " + abs + ": no such file or directory");
    } catch (IOException e) {
      throw new BindingException("error deleting file " + abs + ": " + e.getMessage());
    }
  }

  private static BindingResponse list(Path abs) throws BindingException {
    if (!Files.exists(abs)) {
      throw new BindingException("error getting stats for path " + abs + ": stat " + abs
          + ": no such file or directory");
    }
    if (!Files.isDirectory(abs)) {
      throw new BindingException("unable to list files as the file specified is not a directory: " + abs);
    }
    try (Stream<Path> files = Files.walk(abs)) {
      List<String> paths = files.filter(p -> !Files.isDirectory(p)).map(Path::toString).sorted().toList();
      return new BindingResponse(paths.isEmpty() ? "null".getBytes(StandardCharsets.UTF_8)
          : JSON.writeValueAsBytes(paths), Map.of(), null);
    } catch (IOException e) {
      throw new BindingException("error listing files in the directory " + abs + ": " + e.getMessage());
    }
  }
}
