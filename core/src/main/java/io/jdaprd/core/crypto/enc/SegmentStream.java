package io.jdaprd.core.crypto.enc;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * The payload of a message as it is read: {@code prefix} (the header, when encrypting), then each segment of
 * {@code in} sealed or opened in place in one buffer of a segment, its tag and one byte. The byte after a full
 * segment tells whether it is the last one, as dapr/kit reads it; a message whose length is a whole number of
 * segments ends with a full last segment.
 */
final class SegmentStream extends InputStream {
  private final InputStream in;
  private final FileKey key;
  private final boolean encrypt;
  private final int segmentSize;
  private final byte[] buf = new byte[EncV1.SEGMENT_SIZE + EncV1.SEGMENT_OVERHEAD + 1];
  private byte[] prefix;
  private int prefixPos;
  private int outPos;
  private int outLen;
  private long segment;
  private boolean done;
  private boolean hasCarryover;
  private byte carryover;
  private IOException failure;

  SegmentStream(InputStream in, FileKey key, boolean encrypt, byte[] prefix) {
    this.in = in;
    this.key = key;
    this.encrypt = encrypt;
    this.segmentSize = encrypt ? EncV1.SEGMENT_SIZE : EncV1.SEGMENT_SIZE + EncV1.SEGMENT_OVERHEAD;
    this.prefix = prefix;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (prefix != null) {
      int n = Math.min(len, prefix.length - prefixPos);
      System.arraycopy(prefix, prefixPos, b, off, n);
      prefixPos += n;
      if (prefixPos == prefix.length) {
        prefix = null;
      }
      if (n > 0) {
        return n;
      }
    }
    while (outPos == outLen) {
      if (failure != null) {
        throw failure;
      }
      if (done) {
        return -1;
      }
      nextSegment();
    }
    int n = Math.min(len, outLen - outPos);
    System.arraycopy(buf, outPos, b, off, n);
    outPos += n;
    return n;
  }

  private void nextSegment() throws IOException {
    int n = 0;
    if (hasCarryover) {
      buf[0] = carryover;
      n = 1;
      hasCarryover = false;
    }
    try {
      while (n < segmentSize + 1) {
        int r = in.read(buf, n, segmentSize + 1 - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
    } catch (IOException e) {
      throw fail(e.getMessage());
    }
    if (n > segmentSize) {
      carryover = buf[n - 1];
      hasCarryover = true;
      n--;
    } else {
      done = true;
    }
    outPos = 0;
    outLen = 0;
    if (n == 0) {
      return; // only the first segment may be empty: the input was empty (a later one always has a carryover)
    }
    try {
      outLen = key.process(encrypt, buf, n, segment, done);
    } catch (GeneralSecurityException e) {
      done = true;
      throw fail("error processing segment " + segment + ": "
          + (encrypt ? "failed to encrypt segment" : EncV1.SEGMENT));
    }
    if (!done && segment == 0xFFFF_FFFFL) {
      done = true;
      throw fail("input stream is too large");
    }
    segment++;
  }

  private IOException fail(String message) {
    Arrays.fill(buf, (byte) 0);
    failure = new IOException(message);
    return failure;
  }

  @Override
  public void close() throws IOException {
    done = true;
    outPos = outLen;
    in.close();
  }
}
