package io.jdaprd.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every package of main code says what it is for in a {@code package-info.java}, as the rules of the house ask. */
class PackageDocsTest {
  @Test
  void everyMainPackageHasPackageInfo() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    List<Path> missing;
    try (Stream<Path> files = Files.walk(root)) {
      missing = files.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> p.toString().contains("/src/main/java/"))
          .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/node_modules/"))
          .map(Path::getParent).distinct()
          .filter(dir -> !Files.exists(dir.resolve("package-info.java")))
          .map(root::relativize).sorted().toList();
    }
    assertThat(missing).as("packages without package-info.java").isEmpty();
  }
}
