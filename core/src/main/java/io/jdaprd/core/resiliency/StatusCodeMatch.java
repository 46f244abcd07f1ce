package io.jdaprd.core.resiliency;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code matching} of a retry policy: which HTTP statuses and gRPC codes of an app's answer are retried. A list
 * that is not given retries every code of its kind, as daprd's.
 *
 * @param http ranges of HTTP statuses, {@code null} for all
 * @param grpc ranges of gRPC codes, {@code null} for all
 */
public record StatusCodeMatch(List<Range> http, List<Range> grpc) {
  /** Every code is retried. */
  public static final StatusCodeMatch ALL = new StatusCodeMatch(null, null);

  private static final Range HTTP_CODES = new Range(100, 599);
  private static final Range GRPC_CODES = new Range(0, 16);

  /** An inclusive range of codes. */
  public record Range(int start, int end) {
    boolean contains(int code) {
      return start <= code && code <= end;
    }
  }

  /**
   * Reads daprd's {@code httpStatusCodes} and {@code gRPCStatusCodes}: comma-separated codes and {@code start-end}
   * ranges; empty items are skipped, an empty or absent list retries all.
   *
   * @throws IllegalArgumentException with daprd's message for a bad pattern
   */
  public static StatusCodeMatch parse(String httpStatusCodes, String grpcStatusCodes) {
    return new StatusCodeMatch(patterns(httpStatusCodes, HTTP_CODES), patterns(grpcStatusCodes, GRPC_CODES));
  }

  /**
   * Whether an answer with {@code code} is retried: a gRPC code when it is 0 to 16, an HTTP status when 100 to 599;
   * any other code is not.
   */
  public boolean retries(int code) {
    if (GRPC_CODES.contains(code)) {
      return matches(code, grpc);
    }
    if (HTTP_CODES.contains(code)) {
      return matches(code, http);
    }
    return false;
  }

  private static boolean matches(int code, List<Range> ranges) {
    return ranges == null || ranges.stream().anyMatch(r -> r.contains(code));
  }

  private static List<Range> patterns(String patterns, Range valid) {
    if (patterns == null || patterns.isEmpty()) {
      return null;
    }
    List<Range> out = new ArrayList<>();
    for (String p : patterns.split(",", -1)) {
      if (!p.isEmpty()) {
        out.add(pattern(p, valid));
      }
    }
    return List.copyOf(out);
  }

  private static Range pattern(String pattern, Range valid) {
    String[] parts = pattern.split("-", -1);
    if (parts.length > 2) {
      throw new IllegalArgumentException("invalid pattern " + pattern + ", more than one '-' exists");
    }
    int start = number(parts[0], "start", pattern);
    if (!valid.contains(start)) {
      throw new IllegalArgumentException("invalid pattern " + pattern + ", start code " + start + " is not valid");
    }
    int end = parts.length == 2 ? number(parts[1], "end", pattern) : start;
    if (!valid.contains(end)) {
      throw new IllegalArgumentException("invalid pattern " + pattern + ", end code " + end + " is not valid");
    }
    if (end < start) {
      throw new IllegalArgumentException("invalid pattern " + pattern
          + ", start value should not bigger than end value");
    }
    return new Range(start, end);
  }

  private static int number(String text, String which, String pattern) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("failed to parse " + which + " code " + text + " from pattern " + pattern
          + " to int, strconv.Atoi: parsing \"" + text + "\": invalid syntax");
    }
  }
}
