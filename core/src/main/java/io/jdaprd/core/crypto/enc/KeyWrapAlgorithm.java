package io.jdaprd.core.crypto.enc;

import java.util.Optional;

/** The key wrapping algorithms of the scheme, with the numeric ids its manifest carries ({@code kw}). */
public enum KeyWrapAlgorithm {
  A256KW("A256KW", 1),
  A128CBC_NOPAD("A128CBC-NOPAD", 2),
  A192CBC_NOPAD("A192CBC-NOPAD", 3),
  A256CBC_NOPAD("A256CBC-NOPAD", 4),
  RSA_OAEP_256("RSA-OAEP-256", 5);

  private final String joseName;
  private final int id;

  KeyWrapAlgorithm(String joseName, int id) {
    this.joseName = joseName;
    this.id = id;
  }

  /** The name a key provider gets ({@code A256KW}, {@code RSA-OAEP-256}). */
  public String joseName() {
    return joseName;
  }

  /** The manifest's id. */
  public int id() {
    return id;
  }

  /**
   * The algorithm a caller named (already upper-cased, as daprd does), aliases resolved: {@code AES} is
   * {@code A256KW}, {@code RSA} is {@code RSA-OAEP-256}.
   */
  public static Optional<KeyWrapAlgorithm> named(String name) {
    if (name.equals("AES")) {
      return Optional.of(A256KW);
    }
    if (name.equals("RSA")) {
      return Optional.of(RSA_OAEP_256);
    }
    for (KeyWrapAlgorithm a : values()) {
      if (a.joseName.equals(name)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** The algorithm with manifest id {@code id}. */
  public static Optional<KeyWrapAlgorithm> ofId(long id) {
    for (KeyWrapAlgorithm a : values()) {
      if (a.id == id) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
