package io.jdaprd.core.component;

import java.nio.file.Path;

/**
 * Something in the resources that could not be loaded: the file, the component (when known) and what is wrong.
 *
 * @param source the file
 * @param component the component's name, or {@code null} when the document has none
 * @param message what is wrong, naming the field and value
 */
public record LoadProblem(Path source, String component, String message) {

  /** One line for the log and the metadata API: {@code file: component name: message}. */
  public String describe() {
    return source + ": " + (component == null ? "" : "component " + component + ": ") + message;
  }
}
