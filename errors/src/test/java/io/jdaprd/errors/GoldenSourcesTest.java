package io.jdaprd.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every golden file names where it comes from: `golden/SOURCES.md` lists each one with its source. */
class GoldenSourcesTest {

  @Test
  void everyGoldenFileIsListedWithItsSource() throws Exception {
    Path sources = goldenDirectory().resolve("SOURCES.md");
    String listing = Files.readString(sources);
    List<String> goldens;
    try (Stream<Path> files = Files.list(goldenDirectory())) {
      goldens = files.map(p -> p.getFileName().toString()).filter(name -> !name.equals("SOURCES.md")).sorted()
          .toList();
    }
    assertThat(goldens).as("golden files").isNotEmpty();
    assertThat(goldens).as("golden files without a row in %s", sources)
        .allSatisfy(name -> assertThat(listing).contains("| `" + name + "` |"));
  }

  private static Path goldenDirectory() throws URISyntaxException {
    return Path.of(GoldenSourcesTest.class.getResource("/golden/SOURCES.md").toURI()).getParent();
  }
}
