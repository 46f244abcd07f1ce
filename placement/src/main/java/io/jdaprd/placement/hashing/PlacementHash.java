package io.jdaprd.placement.hashing;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * The hash of daprd's placement rings: the first 8 bytes of the BLAKE2b-512 digest of the key's UTF-8 bytes, read as
 * a little-endian unsigned 64-bit number (held in a {@code long}; compare with {@link Long#compareUnsigned}).
 */
public final class PlacementHash {
  private PlacementHash() {
  }

  /** The ring position of {@code key}: an actor id, or a virtual node's {@code <host address><index>}. */
  public static long of(String key) {
    byte[] in = key.getBytes(StandardCharsets.UTF_8);
    Blake2bDigest digest = new Blake2bDigest(512);
    digest.update(in, 0, in.length);
    byte[] out = new byte[64];
    digest.doFinal(out, 0);
    long h = 0;
    for (int i = 7; i >= 0; i--) {
      h = (h << 8) | (out[i] & 0xFFL);
    }
    return h;
  }

  /**
   * The ring positions of a host's virtual nodes: hash of the address followed by the decimal index, for index 0 to
   * {@code replicationFactor - 1}, in that order.
   */
  public static long[] virtualNodes(String hostAddress, int replicationFactor) {
    long[] hashes = new long[replicationFactor];
    for (int i = 0; i < replicationFactor; i++) {
      hashes[i] = of(hostAddress + i);
    }
    return hashes;
  }
}
