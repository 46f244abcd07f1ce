package io.jdaprd.core.runtime;

import io.jdaprd.errors.ErrorRendering;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * What both API servers share.
 *
 * @param rendering how errors are rendered beyond daprd's bytes ({@code --error-details})
 * @param apiToken {@code DAPR_API_TOKEN}, or {@code null} when every caller is trusted
 * @param maxBodySize the largest request body accepted, in bytes ({@code --max-body-size}, 4 MiB)
 */
public record ApiSettings(ErrorRendering rendering, String apiToken, long maxBodySize) {
  /** daprd's default {@code --max-body-size}: 4 MiB. */
  public static final long DEFAULT_MAX_BODY_SIZE = 4L << 20;

  /** The header (HTTP) and metadata key (gRPC) that carries the API token. */
  public static final String TOKEN_HEADER = "dapr-api-token";

  /** Whether a token is required. */
  public boolean tokenRequired() {
    return apiToken != null && !apiToken.isEmpty();
  }

  /** Whether {@code presented} is the token, compared in constant time. */
  public boolean tokenMatches(String presented) {
    if (!tokenRequired()) {
      return true;
    }
    if (presented == null) {
      return false;
    }
    return MessageDigest.isEqual(apiToken.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }
}
