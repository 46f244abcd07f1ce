package io.jdaprd.api.http.crypto;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.server.ServerBuilder;
import io.jdaprd.api.http.calls.HttpCalls;
import io.jdaprd.api.http.calls.HttpRoutes;
import io.jdaprd.core.crypto.CryptoBlock;
import io.jdaprd.core.runtime.Blocks;

/** {@code PUT /v1.0-alpha1/crypto/...} (encrypt, decrypt) and {@code POST /v1.0-alpha1/subtlecrypto/...}. */
public final class CryptoRoutes implements HttpRoutes {
  private final CryptoBlock crypto;
  private final HttpCalls calls;

  /** The routes of the blocks' cryptography. */
  public CryptoRoutes(Blocks blocks, HttpCalls calls) {
    this.crypto = blocks.get(CryptoBlock.class);
    this.calls = calls;
  }

  @Override
  public void addTo(ServerBuilder sb) {
    sb.route().path("prefix:/v1.0-alpha1/crypto/").methods(HttpMethod.PUT)
        .build((ctx, req) -> calls.call(ctx, req, agg -> {
          crypto.transform();
          return HttpCalls.noContent();
        }));
    sb.route().path("prefix:/v1.0-alpha1/subtlecrypto/").methods(HttpMethod.POST)
        .build((ctx, req) -> calls.call(ctx, req, agg -> {
          crypto.subtle();
          return HttpCalls.noContent();
        }));
  }
}
