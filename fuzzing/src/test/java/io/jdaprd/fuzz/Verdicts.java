package io.jdaprd.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.jdaprd.errors.CatalogLookup;
import io.jdaprd.errors.ErrorCode;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The property every fuzz target checks on an answer: a success, or an error of the catalog with the status daprd
 * gives it, whose text carries nothing internal. A violation is an {@link AssertionError} naming what was wrong, so
 * that Jazzer keeps the input.
 */
final class Verdicts {
  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * Text that betrays the implementation: exception and class names, stack frames, source and file paths, the
   * secret store's value. A term the request itself carried is not held against the answer (daprd echoes names).
   */
  static final List<String> DENY = List.of("Exception", "java.", "javax.", "io.jdaprd", "jdaprd", "\tat ", "at io.",
      "at java.", "at com.", ".java:", "/tmp/", "/home/", "/work/", "/usr/", "com.linecorp", "io.netty",
      "com.fasterxml", "io.grpc", "com.google.protobuf", "dev.cel", "NullPointer", "null pointer",
      FuzzSidecar.SECRET);

  private Verdicts() {
  }

  /**
   * A Go escape sequence inside a quoted string of an answer (daprd quotes echoed input with {@code %q}): it stands
   * for one character of the input, so it cannot be part of an internal term (an escaped {@code U+FFDD} followed by
   * {@code ev.cel} is not {@code dev.cel}).
   */
  private static final Pattern GO_ESCAPE = Pattern.compile(
      "\\\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|[0-7]{3}|[abfnrtv\\\\\"'])");

  /** Fails when {@code text} holds a deny-listed term that {@code input} does not hold. */
  static void noInternalText(String what, String text, String input) {
    if (text == null) {
      return;
    }
    String scanned = GO_ESCAPE.matcher(text).replaceAll("\u0000");
    String lowerInput = input.toLowerCase(Locale.ROOT);
    for (String term : DENY) {
      if (scanned.contains(term) && !lowerInput.contains(term.toLowerCase(Locale.ROOT))) {
        throw new AssertionError(what + " carries internal text \"" + term + "\": " + text);
      }
    }
  }

  /**
   * An HTTP answer: 2xx, or daprd's JSON error body {@code {"errorCode","message"}} whose code the catalog has with
   * exactly this status, its text clean.
   */
  static void http(String request, int status, String body, String input) {
    if (status >= 200 && status < 300) {
      return;
    }
    String what = request + " -> " + status;
    JsonNode node;
    try {
      node = JSON.readTree(body);
    } catch (IOException e) {
      noInternalText(what, body, input);
      throw new AssertionError(what + " is not daprd's JSON error: " + body);
    }
    // The texts as a client reads them: in the raw body, Go's escapes could join an echoed input to a term that
    // neither holds ("\u003c" + "om.x" reads "com.x").
    noInternalText(what, node == null ? body : decodedTexts(node), input);
    if (node == null || !node.path("errorCode").isTextual() || !node.path("message").isTextual()) {
      throw new AssertionError(what + " is not daprd's JSON error: " + body);
    }
    String code = node.get("errorCode").asText();
    for (ErrorCode c : ErrorCode.values()) {
      if (c.code().equals(code) && c.httpStatus() == status) {
        return;
      }
    }
    throw new AssertionError(what + ": the catalog has no " + code + " with status " + status + ": " + body);
  }

  /** Every string value and field name of {@code node}, decoded, one per line. */
  private static String decodedTexts(JsonNode node) {
    StringBuilder texts = new StringBuilder();
    java.util.ArrayDeque<JsonNode> pending = new java.util.ArrayDeque<>(List.of(node));
    while (!pending.isEmpty()) {
      JsonNode n = pending.pop();
      if (n.isTextual()) {
        texts.append(n.asText()).append('\n');
      } else if (n.isContainerNode()) {
        n.fieldNames().forEachRemaining(name -> texts.append(name).append('\n'));
        n.forEach(pending::push);
      } else {
        texts.append(n.asText()).append('\n');
      }
    }
    return texts.toString();
  }

  /**
   * A gRPC close: OK; or the client's own deadline or cancellation when {@code streaming}; or an error the catalog
   * knows, with daprd's code for it, its text clean.
   */
  /** The transport's answers that daprd's grpc-go server gives itself, word for word: code, a space, the text. */
  private static final java.util.Set<String> GRPC_GO_TRANSPORT = java.util.Set.of(
      "INTERNAL grpc: error unmarshalling request: proto: cannot parse invalid wire-format data");
  /**
   * The plain statuses of daprd's streaming subscription ({@code SubscribeTopicEventsAlpha1}): Go errors its handler
   * and streamer return as they are (gRPC Unknown, no details), outside daprd's error catalog.
   */
  private static final java.util.Set<String> DAPRD_STREAM_PLAIN = java.util.Set.of(
      "UNKNOWN initial request is required", "UNKNOWN duplicate initial request received",
      "UNKNOWN pubsubName is required", "UNKNOWN topic is required");

  static void grpc(String request, Status status, Metadata trailers, boolean streaming, String input) {
    Status.Code code = status.getCode();
    if (code == Status.Code.OK) {
      return;
    }
    String what = request + " -> " + code + " " + status.getDescription();
    if (streaming && (code == Status.Code.DEADLINE_EXCEEDED || code == Status.Code.CANCELLED)) {
      return;
    }
    noInternalText(what, status.getDescription(), input);
    if (GRPC_GO_TRANSPORT.contains(code + " " + status.getDescription())) {
      return; // grpc-go's own answer, which daprd's server sends before any of its code runs
    }
    if (request.startsWith("SubscribeTopicEventsAlpha1") && DAPRD_STREAM_PLAIN.contains(code + " "
        + status.getDescription())) {
      return;
    }
    String reason = null;
    com.google.rpc.Status details = trailers == null ? null : StatusProto.fromStatusAndTrailers(status, trailers);
    if (details != null) {
      for (Any any : details.getDetailsList()) {
        noInternalText(what + " (details)", any.toString(), input);
        if (any.is(ErrorInfo.class)) {
          try {
            reason = any.unpack(ErrorInfo.class).getReason();
          } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(what + ": unreadable ErrorInfo", e);
          }
        }
      }
    }
    ErrorCode entry = CatalogLookup.fromGrpc(reason, code, status.getDescription());
    if (entry == ErrorCode.ERROR || entry.grpcCode() != code) {
      throw new AssertionError(what + ": not a catalog error with daprd's code (closest " + entry + ")");
    }
  }
}
