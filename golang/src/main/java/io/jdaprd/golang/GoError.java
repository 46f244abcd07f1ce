package io.jdaprd.golang;

/**
 * A Java value that stands for a Go {@code error}: {@link GoFmt} prints it, as Go's {@code %v} and {@code %s} print
 * an error, by its {@link #goError()} text.
 */
public interface GoError {

  /** What Go's {@code Error()} method would return for this error. */
  String goError();
}
