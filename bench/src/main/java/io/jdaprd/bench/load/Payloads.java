package io.jdaprd.bench.load;

import java.nio.charset.StandardCharsets;

/** The bytes every protocol sends: a JSON state value of a given size, and the HTTP save body around it. */
public final class Payloads {
  private Payloads() {
  }

  /** A JSON object of exactly {@code size} bytes (at least 12): {@code {"data":"xxx..."}}. */
  public static byte[] value(int size) {
    int filler = Math.max(size - 11, 1);
    return ("{\"data\":\"" + "x".repeat(filler) + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  /** The body of {@code POST /v1.0/state/{store}}: one item, {@code key}, with {@code value} as its JSON value. */
  /** The body of an output binding call that posts {@code value} (JSON) to {@link Target#BINDING_PATH}. */
  static byte[] bindingBody(byte[] value) {
    String json = "{\"operation\":\"post\",\"data\":" + new String(value, StandardCharsets.UTF_8)
        + ",\"metadata\":{\"path\":\"" + Target.BINDING_PATH + "\"}}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] saveBody(String key, byte[] value) {
    String json = "[{\"key\":\"" + key + "\",\"value\":" + new String(value, StandardCharsets.UTF_8) + "}]";
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
