package io.jdaprd.core.component;

import java.nio.file.Path;

/**
 * Something in the resources that could not be loaded: the file, the component (when known) and what is wrong.
 *
 * @param source the file
 * @param component the component's name, or {@code null} when the document has none
 * @param message what is wrong, naming the field and value
 * @param ignored whether the component asked for its errors to be ignored ({@code spec.ignoreErrors})
 */
public record LoadProblem(Path source, String component, String message, boolean ignored) {

  /** A problem that is not ignored. */
  public LoadProblem(Path source, String component, String message) {
    this(source, component, message, false);
  }

  /**
   * The readiness target this problem holds back: {@code component-NAME}, or {@code file-NAME} for a document
   * without a name. An ignored problem holds back nothing.
   */
  public String readinessTarget() {
    return component != null ? "component-" + component : "file-" + source.getFileName();
  }

  /** One line for the log and the metadata API: {@code file: component name: message}. */
  public String describe() {
    return source + ": " + (component == null ? "" : "component " + component + ": ") + message;
  }
}
