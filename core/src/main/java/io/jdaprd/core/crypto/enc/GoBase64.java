package io.jdaprd.core.crypto.enc;

import java.io.ByteArrayOutputStream;
import java.util.Base64;

/**
 * Go's {@code base64.StdEncoding.Decode}: the standard alphabet with its padding required, line feeds and carriage
 * returns skipped. The JDK's decoder also accepts input without padding, which Go refuses.
 */
final class GoBase64 {
  private GoBase64() {
  }

  /**
   * The decoded bytes.
   *
   * @throws IllegalArgumentException {@code illegal base64 data at input byte N} when the input is not standard
   *     base64 with its padding
   */
  static byte[] decode(byte[] in) {
    ByteArrayOutputStream clean = new ByteArrayOutputStream(in.length);
    int firstBad = -1;
    for (int i = 0; i < in.length; i++) {
      byte c = in[i];
      if (c == '\r' || c == '\n') {
        continue;
      }
      boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
          || c == '=';
      if (!ok && firstBad < 0) {
        firstBad = i;
      }
      clean.write(c);
    }
    byte[] b = clean.toByteArray();
    if (firstBad >= 0) {
      throw illegal(firstBad);
    }
    if (b.length % 4 != 0) {
      throw illegal(b.length / 4 * 4);
    }
    int pad = b.length > 0 && b[b.length - 1] == '=' ? b.length > 1 && b[b.length - 2] == '=' ? 2 : 1 : 0;
    for (int i = 0; i < b.length - pad; i++) {
      if (b[i] == '=') {
        throw illegal(i);
      }
    }
    try {
      return Base64.getDecoder().decode(b);
    } catch (IllegalArgumentException e) {
      throw illegal(0);
    }
  }

  private static IllegalArgumentException illegal(int at) {
    return new IllegalArgumentException("illegal base64 data at input byte " + at);
  }
}
