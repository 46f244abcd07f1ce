package io.jdaprd.spi.state;

/** Dapr's consistency option; stores that have only one consistency ignore it. */
public enum Consistency {
  EVENTUAL,
  STRONG
}
