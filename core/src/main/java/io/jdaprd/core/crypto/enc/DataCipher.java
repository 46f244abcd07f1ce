package io.jdaprd.core.crypto.enc;

import java.util.Optional;

/** The AEAD ciphers of the payload's segments, with the numeric ids the manifest carries ({@code cph}). */
public enum DataCipher {
  AES_GCM("AES-GCM", 1, "AES/GCM/NoPadding", "AES"),
  CHACHA20_POLY1305("CHACHA20-POLY1305", 2, "ChaCha20-Poly1305", "ChaCha20");

  private final String schemeName;
  private final int id;
  private final String transformation;
  private final String keyAlgorithm;

  DataCipher(String schemeName, int id, String transformation, String keyAlgorithm) {
    this.schemeName = schemeName;
    this.id = id;
    this.transformation = transformation;
    this.keyAlgorithm = keyAlgorithm;
  }

  /** The name callers give ({@code AES-GCM}, {@code CHACHA20-POLY1305}), upper case. */
  public String schemeName() {
    return schemeName;
  }

  /** The manifest's id. */
  public int id() {
    return id;
  }

  String transformation() {
    return transformation;
  }

  String keyAlgorithm() {
    return keyAlgorithm;
  }

  /** The cipher a caller named (already upper-cased, as daprd does). */
  public static Optional<DataCipher> named(String name) {
    for (DataCipher c : values()) {
      if (c.schemeName.equals(name)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** The cipher with manifest id {@code id}. */
  public static Optional<DataCipher> ofId(long id) {
    for (DataCipher c : values()) {
      if (c.id == id) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
