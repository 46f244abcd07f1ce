package io.jdaprd.core.appchannel;

/** The app could not be asked, or its answer does not parse. The message names the call and the reason. */
public class AppChannelException extends Exception {
  private static final long serialVersionUID = 1L;

  public AppChannelException(String message) {
    super(message);
  }

  public AppChannelException(String message, Throwable cause) {
    super(message, cause);
  }
}
