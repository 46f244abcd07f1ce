package io.jdaprd.core.invoke.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** daprd's method normalisation before the access check. */
class InvokeMethodsTest {

  @ParameterizedTest
  @CsvSource(emptyValue = "", value = {
      "public, public",
      "admin/../public, public",
      "admin/../../public, public",
      "admin/secret/../../public, public",
      "../public, public",
      "../../a/b, a/b",
      "public///extra, public/extra",
      "/a/./b/, /a/b",
      "/../a, /a",
      "a/.., ''",
      "., ''",
      "'', ''",
      "'..', ''",
      "admin\\..\\public, admin\\..\\public",
      "admin%stream, admin%stream",
      "dapr.proto.Svc/Method, dapr.proto.Svc/Method",
  })
  void pathsAreCleaned(String method, String normalized) throws Exception {
    assertThat(InvokeMethods.normalize(method)).isEqualTo(normalized);
  }

  @Test
  void forbiddenCharactersAreRefusedWithTheMethodQuoted() {
    assertThatThrownBy(() -> InvokeMethods.normalize("admin?x"))
        .isInstanceOf(InvokeMethods.InvalidMethodException.class)
        .hasMessage("method contains forbidden character: \"admin?x\"");
    assertThatThrownBy(() -> InvokeMethods.normalize("a#b")).hasMessage("method contains forbidden character: \"a#b\"");
    assertThatThrownBy(() -> InvokeMethods.normalize("a\0b"))
        .hasMessage("method contains forbidden character: \"a\\x00b\"");
  }

  @Test
  void controlCharactersAreRefusedWithTheirBytePosition() {
    assertThatThrownBy(() -> InvokeMethods.normalize("ab\ncd"))
        .hasMessage("method contains control character at position 2: \"ab\\ncd\"");
    assertThatThrownBy(() -> InvokeMethods.normalize("é\u007f"))
        .hasMessage("method contains control character at position 2: \"é\\x7f\"");
  }

  @ParameterizedTest
  @CsvSource({
      "a/../../b, ../b",
      "../a/.., ..",
      "../../x, ../../x",
      "/.., /",
      "a//b, a/b",
      "/, /",
  })
  void cleanIsGosPathClean(String path, String cleaned) {
    assertThat(InvokeMethods.cleanPath(path)).isEqualTo(cleaned);
  }
}
