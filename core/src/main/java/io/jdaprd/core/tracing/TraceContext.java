package io.jdaprd.core.tracing;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A span's W3C trace context as daprd reads and writes it.
 *
 * @param traceId 32 lowercase hex digits, not all zero
 * @param spanId 16 lowercase hex digits, not all zero
 * @param flags the trace flags ({@code 01}: sampled)
 * @param traceState the validated {@code tracestate} (W3C list), empty when there is none
 */
public record TraceContext(String traceId, String spanId, int flags, String traceState) {
  /** The W3C header names and gRPC's binary key, as daprd uses them. */
  public static final String TRACEPARENT = "traceparent";
  public static final String TRACESTATE = "tracestate";
  public static final String GRPC_TRACE_BIN = "grpc-trace-bin";
  /** daprd sends no {@code tracestate} longer than this. */
  static final int MAX_TRACESTATE_LENGTH = 512;
  private static final int MAX_VERSION = 254;
  private static final int MAX_MEMBERS = 32;
  private static final HexFormat HEX = HexFormat.of();
  private static final Pattern KEY = Pattern.compile(
      "[a-z][_0-9a-z\\-*/]{0,255}|[a-z0-9][_0-9a-z\\-*/]{0,240}@[a-z][_0-9a-z\\-*/]{0,13}");
  private static final Pattern VALUE = Pattern.compile("[\\x20-\\x2b\\x2d-\\x3c\\x3e-\\x7e]{0,255}"
      + "[\\x21-\\x2b\\x2d-\\x3c\\x3e-\\x7e]");

  public TraceContext {
    traceState = traceState == null ? "" : traceState;
  }

  /** Whether the sampled flag is set. */
  public boolean sampled() {
    return (flags & 1) != 0;
  }

  /** The {@code traceparent} value: version {@code 00}, ids and flags in lowercase hex. */
  public String traceparent() {
    return "00-" + traceId + "-" + spanId + "-" + HEX.toHexDigits((byte) flags);
  }

  /** The {@code tracestate} daprd sends: the list when it is at most 512 characters, else {@code null}. */
  public String tracestateHeader() {
    return traceState.isEmpty() || traceState.length() > MAX_TRACESTATE_LENGTH ? null : traceState;
  }

  /** This context with {@code traceState} (validated; an invalid one becomes empty, as in daprd). */
  public TraceContext withTraceState(String state) {
    return new TraceContext(traceId, spanId, flags, validTraceState(state));
  }

  /**
   * daprd's {@code SpanContextFromW3CString}: {@code version-traceid-spanid-flags}, the version at most
   * {@code fe} and version {@code 00} with exactly four parts, lowercase hex ids that are not all zero; further
   * parts of a later version are ignored. {@code null} when {@code header} is not one.
   */
  public static TraceContext fromTraceparent(String header) {
    if (header == null || header.isEmpty()) {
      return null;
    }
    String[] parts = header.split("-", -1);
    if (parts.length < 4 || parts[0].length() != 2 || !isHex(parts[0], false)) {
      return null;
    }
    int version = Integer.parseInt(parts[0], 16);
    if (version > MAX_VERSION || version == 0 && parts.length != 4) {
      return null;
    }
    if (parts[1].length() != 32 || !isHex(parts[1], true) || parts[2].length() != 16 || !isHex(parts[2], true)) {
      return null;
    }
    String flags = parts[3];
    if (flags.length() < 2 || flags.length() % 2 != 0 || !isHex(flags, false)) {
      return null;
    }
    if (allZero(parts[1]) || allZero(parts[2])) {
      return null;
    }
    return new TraceContext(parts[1], parts[2], Integer.parseInt(flags.substring(0, 2), 16), "");
  }

  /** {@link #fromTraceparent} with {@code tracestate} added when the traceparent is valid. */
  public static TraceContext fromHeaders(String traceparent, String tracestate) {
    TraceContext sc = fromTraceparent(traceparent);
    return sc == null || tracestate == null ? sc : sc.withTraceState(tracestate);
  }

  /**
   * The OpenCensus binary form daprd sends as {@code grpc-trace-bin}: version 0, field 0 the trace id, field 1 the
   * span id, field 2 the flags (29 bytes).
   */
  public byte[] binary() {
    byte[] b = new byte[29];
    System.arraycopy(HEX.parseHex(traceId), 0, b, 2, 16);
    b[18] = 1;
    System.arraycopy(HEX.parseHex(spanId), 0, b, 19, 8);
    b[27] = 2;
    b[28] = (byte) flags;
    return b;
  }

  /**
   * daprd's {@code SpanContextFromBinary}: version 0 and a trace id required, span id and flags optional.
   * {@code null} when {@code b} is not one, or when its ids are missing or zero (such a parent starts a new trace).
   */
  public static TraceContext fromBinary(byte[] b) {
    if (b == null || b.length == 0 || b[0] != 0) {
      return null;
    }
    int i = 1;
    if (b.length - i < 17 || b[i] != 0) {
      return null;
    }
    String traceId = HEX.formatHex(b, i + 1, i + 17);
    i += 17;
    String spanId = "0000000000000000";
    if (b.length - i >= 9 && b[i] == 1) {
      spanId = HEX.formatHex(b, i + 1, i + 9);
      i += 9;
    }
    int flags = 0;
    if (b.length - i >= 2 && b[i] == 2) {
      flags = b[i + 1] & 0xff;
    }
    if (allZero(traceId) || allZero(spanId)) {
      return null;
    }
    return new TraceContext(traceId, spanId, flags, "");
  }

  /**
   * A W3C {@code tracestate} list as OpenTelemetry validates it: {@code key=value} members separated by commas
   * (empty members skipped, white space around them trimmed), at most 32, no key twice; {@code ""} when it is not
   * one.
   */
  static String validTraceState(String state) {
    if (state == null || state.isBlank()) {
      return "";
    }
    StringBuilder out = new StringBuilder(state.length());
    Set<String> keys = new HashSet<>();
    for (String raw : state.split(",", -1)) {
      String member = raw.strip();
      if (member.isEmpty()) {
        continue;
      }
      int eq = member.indexOf('=');
      if (eq <= 0) {
        return "";
      }
      String key = member.substring(0, eq);
      String value = member.substring(eq + 1);
      if (!KEY.matcher(key).matches() || !VALUE.matcher(value).matches() || !keys.add(key)
          || keys.size() > MAX_MEMBERS) {
        return "";
      }
      if (out.length() > 0) {
        out.append(',');
      }
      out.append(key).append('=').append(value);
    }
    return out.toString();
  }

  private static boolean isHex(String s, boolean lowercaseOnly) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || !lowercaseOnly && c >= 'A' && c <= 'F';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean allZero(String hex) {
    for (int i = 0; i < hex.length(); i++) {
      if (hex.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }
}
