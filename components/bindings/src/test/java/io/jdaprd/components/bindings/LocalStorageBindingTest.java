package io.jdaprd.components.bindings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.bindings.BindingException;
import io.jdaprd.spi.bindings.BindingRequest;
import io.jdaprd.spi.bindings.BindingResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What Dapr's local storage binding does beyond the conformance suite. */
class LocalStorageBindingTest {
  @TempDir
  Path dir;
  private Path root;
  private final LocalStorageBinding binding = new LocalStorageBinding();

  @BeforeEach
  void init() throws Exception {
    root = dir.resolve("root");
    binding.init(new ComponentMetadata("files", LocalStorageBinding.TYPE, "v1", "app",
        Map.of("rootPath", root.toString())));
  }

  private BindingResponse call(String op, String data, String fileName) throws BindingException {
    return binding.invoke(new BindingRequest(op, data == null ? null : data.getBytes(StandardCharsets.UTF_8),
        fileName == null ? Map.of() : Map.of("fileName", fileName)));
  }

  @Test
  @DisplayName("create unquotes a JSON string (what the HTTP API sends) and answers the relative file name")
  void createUnquotes() throws Exception {
    BindingResponse answer = call("create", "\"hello world\"", "a/b.txt");
    assertThat(new String(answer.data(), StandardCharsets.UTF_8)).isEqualTo("{\"fileName\":\"a/b.txt\"}");
    assertThat(Files.readString(root.resolve("a/b.txt"))).isEqualTo("hello world");
  }

  @Test
  @DisplayName("create decodes base64 text, as Dapr does")
  void createDecodesBase64() throws Exception {
    call("create", "\"aGVsbG8=\"", "b64");
    assertThat(Files.readString(root.resolve("b64"))).isEqualTo("hello");
  }

  @Test
  @DisplayName("create without fileName picks a UUID")
  void createWithoutName() throws Exception {
    String answer = new String(call("create", "\"x y\"", null).data(), StandardCharsets.UTF_8);
    assertThat(answer).matches("\\{\"fileName\":\"[0-9a-f-]{36}\"}");
  }

  @Test
  @DisplayName(".. stops at the root: a traversal never writes outside it")
  void traversalStaysInside() throws Exception {
    call("create", "\"in\"", "../../escape.txt");
    assertThat(Files.exists(dir.resolve("escape.txt"))).isFalse();
    assertThat(Files.readString(root.resolve("escape.txt"))).isEqualTo("in");
  }

  @Test
  @DisplayName("a symbolic link leading outside the root is refused")
  void symlinkRefused() throws Exception {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.createSymbolicLink(root.resolve("link"), outside);
    assertThatThrownBy(() -> call("create", "\"x y\"", "link/file"))
        .isInstanceOf(BindingException.class).hasMessageContaining("error getting absolute path for file link/file");
    assertThat(Files.exists(outside.resolve("file"))).isFalse();
  }

  @Test
  @DisplayName("list answers the absolute paths of the files; delete answers nothing; errors name the path")
  void listAndDelete() throws Exception {
    call("create", "\"x y\"", "d/one");
    call("create", "\"x y\"", "d/two");
    String listed = new String(call("list", null, "d").data(), StandardCharsets.UTF_8);
    assertThat(listed).isEqualTo("[\"" + root.toRealPath().resolve("d/one") + "\",\""
        + root.toRealPath().resolve("d/two") + "\"]");
    assertThat(call("delete", null, "d/one")).isSameAs(BindingResponse.EMPTY);
    assertThatThrownBy(() -> call("get", null, "d/one")).hasMessage("file not found: "
        + root.toRealPath().resolve("d/one"));
    assertThatThrownBy(() -> call("list", null, "d/two"))
        .hasMessageStartingWith("unable to list files as the file specified is not a directory");
  }

  @Test
  @DisplayName("rootPath is required and may not point at /proc")
  void rootPathChecks() {
    assertThatThrownBy(() -> new LocalStorageBinding().init(new ComponentMetadata("f", LocalStorageBinding.TYPE,
        "v1", "app", Map.of()))).isInstanceOf(ComponentException.class).hasMessageContaining("rootPath");
    assertThatThrownBy(() -> new LocalStorageBinding().init(new ComponentMetadata("f", LocalStorageBinding.TYPE,
        "v1", "app", Map.of("rootPath", "/proc/x")))).hasMessageContaining("disallowed location");
  }
}
