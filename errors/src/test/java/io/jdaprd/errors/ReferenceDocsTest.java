package io.jdaprd.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.errors.reference.ErrorReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The checked-in reference ({@code docs/errors.md}, {@code docs/errors.zh-CN.md}) is exactly what the catalog
 * generates. After changing the catalog, regenerate with {@code ./test -pl errors -Djdaprd.docs.regenerate=true}.
 */
class ReferenceDocsTest {

  @ParameterizedTest
  @CsvSource({"errors.md, EN_US", "errors.zh-CN.md, ZH_CN"})
  void docsMatchTheCatalog(String file, ErrorLocale locale) throws IOException {
    Path path = Path.of(System.getProperty("jdaprd.docs.dir", "../docs")).resolve(file);
    String generated = ErrorReference.markdown(locale);
    if (Boolean.getBoolean("jdaprd.docs.regenerate")) {
      Files.createDirectories(path.getParent());
      Files.writeString(path, generated, StandardCharsets.UTF_8);
    }
    assertThat(path).as("%s is missing: regenerate it (see this test's Javadoc)", path).exists();
    assertThat(Files.readString(path, StandardCharsets.UTF_8))
        .as("%s drifted from the catalog: regenerate it (see this test's Javadoc)", path).isEqualTo(generated);
  }

  @ParameterizedTest
  @CsvSource({"EN_US", "ZH_CN"})
  void everyEntryHasARowWithItsAnchor(ErrorLocale locale) {
    String md = ErrorReference.markdown(locale);
    for (ErrorCode code : ErrorCode.values()) {
      assertThat(md).contains("<a id=\"" + code.anchor() + "\"></a>" + code.code() + " | " + code.httpStatus());
    }
  }
}
