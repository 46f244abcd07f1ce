package io.jdaprd.spi.configuration;

import io.jdaprd.spi.ComponentException;

/**
 * A configuration store refused or failed an operation. The message is what daprd embeds in its error (the Go
 * component's {@code err.Error()}): it names the key, table or subscription, never a credential.
 */
public class ConfigurationException extends ComponentException {
  private static final long serialVersionUID = 1L;

  public ConfigurationException(String message) {
    super(message);
  }

  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
