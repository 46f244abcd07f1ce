package io.jdaprd.appchannel;

import com.fasterxml.jackson.databind.JsonNode;
import io.jdaprd.golang.GoJson;
import io.jdaprd.golang.GoJsonDecoding;
import java.nio.charset.StandardCharsets;

/** How daprd reads a gRPC app's answer to a binding event. */
final class BindingReplies {
  private static final byte[] NULL = "null".getBytes(StandardCharsets.UTF_8);

  private BindingReplies() {
  }

  /**
   * The data daprd forwards to the output bindings an answer names: the answer's {@code data} decoded as JSON and
   * encoded again by Go ({@code null} when it is empty or not JSON).
   */
  static byte[] forwardedData(byte[] data) {
    if (data.length == 0) {
      return NULL;
    }
    try {
      JsonNode node = GoJsonDecoding.parse(data, IllegalArgumentException::new);
      return GoJson.marshal(node).getBytes(StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return NULL;
    }
  }
}
