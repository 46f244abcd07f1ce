package io.jdaprd.core.crypto.enc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A message's header as dapr/kit reads it: three lines within the first 64 KiB, the first the scheme's name, no line
 * empty. Bytes read past the header are handed back in front of the rest of the input.
 *
 * @param manifest the second line, exactly as written (the MAC covers these bytes, not a re-encoding)
 * @param mac the third line, base64
 * @param rest the input after the header
 */
record Header(byte[] manifest, byte[] mac, InputStream rest) {
  private static final byte[] NAME = EncV1.SCHEME_NAME.getBytes(StandardCharsets.US_ASCII);

  static Header read(InputStream in) throws SchemeException {
    byte[] buf = new byte[EncV1.SEGMENT_SIZE];
    int n = 0;
    int newlines = 0;
    int lastNewline = 0;
    byte[] manifest = null;
    byte[] mac = null;
    while (newlines < 3 && n < buf.length) {
      int r;
      try {
        r = in.read(buf, n, buf.length - n);
      } catch (IOException e) {
        break; // as dapr/kit: a failed read ends the header, which is then found incomplete
      }
      if (r < 0) {
        break;
      }
      for (int i = n; i < n + r && newlines < 3; i++) {
        if (buf[i] != '\n') {
          continue;
        }
        if (i <= lastNewline) {
          throw invalid("invalid format");
        }
        byte[] line = Arrays.copyOfRange(buf, lastNewline, i);
        switch (newlines) {
          case 0 -> {
            if (!Arrays.equals(line, NAME)) {
              throw invalid("unsupported scheme");
            }
          }
          case 1 -> manifest = line;
          default -> mac = line;
        }
        newlines++;
        lastNewline = i + 1;
      }
      n += r;
    }
    if (newlines < 1) {
      throw invalid("scheme name not found");
    }
    if (manifest == null) {
      throw invalid("manifest not found");
    }
    if (mac == null) {
      throw invalid("message authentication code not found");
    }
    InputStream rest = n > lastNewline
        ? new SequenceInputStream(new ByteArrayInputStream(Arrays.copyOfRange(buf, lastNewline, n)), in) : in;
    return new Header(manifest, mac, rest);
  }

  private static SchemeException invalid(String why) {
    return new SchemeException("invalid header: " + why);
  }
}
