package io.jdaprd.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Expected response bodies, kept in {@code src/test/resources/golden}. A file holds the body exactly, except that
 * one final newline (which editors add) is not part of it; {@code ${name}} placeholders are filled in by the test.
 */
final class Golden {
  private Golden() {
  }

  /** The body in {@code golden/<name>}, with each {@code ${key}} replaced by its value (pairs). */
  static String body(String name, String... replacements) {
    String text;
    try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name)) {
      if (in == null) {
        throw new AssertionError("no golden file golden/" + name);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (text.endsWith("\n")) {
      text = text.substring(0, text.length() - 1);
    }
    for (int i = 0; i < replacements.length; i += 2) {
      text = text.replace("${" + replacements[i] + "}", replacements[i + 1]);
    }
    return text;
  }
}
