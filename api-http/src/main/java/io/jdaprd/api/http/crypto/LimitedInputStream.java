package io.jdaprd.api.http.crypto;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body limited as dapr/kit's {@code LimitReadCloser} limits it: the first {@code limit} bytes read, then
 * {@code stream too large} (and the body is closed). A limit of 0 or less is none.
 */
final class LimitedInputStream extends FilterInputStream {
  static final String TOO_LARGE = "stream too large";
  private long left;
  private final boolean limited;

  LimitedInputStream(InputStream in, long limit) {
    super(in);
    this.left = limit;
    this.limited = limit > 0;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (!limited) {
      return super.read(b, off, len);
    }
    if (left < 0) {
      throw new IOException(TOO_LARGE);
    }
    if (len == 0) {
      return 0;
    }
    int n = super.read(b, off, (int) Math.min(len, left + 1));
    if (n < 0) {
      return n;
    }
    left -= n;
    if (left < 0) {
      in.close();
      if (left == -1 && n > 1) {
        return n - 1; // the bytes within the limit; the next read fails
      }
      throw new IOException(TOO_LARGE);
    }
    return n;
  }
}
