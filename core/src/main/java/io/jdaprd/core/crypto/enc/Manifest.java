package io.jdaprd.core.crypto.enc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * The header's manifest, read as Go's {@code json.Unmarshal} fills dapr/kit's struct (field names matched without
 * regard to case, the last of a repeated field winning, unknown fields ignored, {@code kw} and {@code cph} integer
 * literals, byte fields strict standard base64), then validated. Any fault is the one answer dapr/kit gives, so
 * that nothing more is disclosed: {@code invalid header: invalid manifest}.
 *
 * @param keyName {@code k}, empty when absent
 * @param algorithm {@code kw}
 * @param wrappedKey {@code wfk}, never empty
 * @param cipher {@code cph}
 * @param noncePrefix {@code np}, 7 bytes
 */
record Manifest(String keyName, KeyWrapAlgorithm algorithm, byte[] wrappedKey, DataCipher cipher,
    byte[] noncePrefix) {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE)
      .build();

  static Manifest parse(byte[] raw) throws SchemeException {
    SchemeException invalid = new SchemeException("invalid header: invalid manifest");
    JsonNode root;
    try {
      root = JSON.readTree(raw);
    } catch (Exception e) {
      throw invalid;
    }
    if (root == null || !root.isObject()) {
      throw invalid;
    }
    String keyName = "";
    Long kw = null;
    byte[] wfk = new byte[0];
    Long cph = null;
    byte[] np = new byte[0];
    try {
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        JsonNode v = field.getValue();
        switch (field.getKey().toLowerCase(Locale.ROOT)) {
          case "k" -> keyName = v.isNull() ? keyName : text(v);
          case "kw" -> kw = integer(v);
          case "wfk" -> wfk = v.isNull() ? new byte[0] : GoBase64.decode(text(v).getBytes());
          case "cph" -> cph = integer(v);
          case "np" -> np = v.isNull() ? new byte[0] : GoBase64.decode(text(v).getBytes());
          default -> {
            // Go ignores fields the struct does not have
          }
        }
      }
    } catch (IllegalArgumentException e) {
      throw invalid;
    }
    if (kw == null || cph == null || wfk.length == 0 || np.length != FileKey.NONCE_PREFIX_LENGTH) {
      throw invalid;
    }
    KeyWrapAlgorithm algorithm = KeyWrapAlgorithm.ofId(kw).orElseThrow(() -> invalid);
    DataCipher cipher = DataCipher.ofId(cph).orElseThrow(() -> invalid);
    return new Manifest(keyName, algorithm, wfk, cipher, np);
  }

  private static String text(JsonNode v) {
    if (!v.isTextual()) {
      throw new IllegalArgumentException("not a string");
    }
    return v.textValue();
  }

  private static long integer(JsonNode v) {
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException("not an integer");
    }
    return v.longValue();
  }
}
