package io.jdaprd.core.actors;

import io.jdaprd.core.Transport;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorCode;
import io.jdaprd.errors.factories.ActorErrors;
import io.jdaprd.errors.factories.CommonErrors;
import java.nio.charset.StandardCharsets;

/** daprd's checks of actor types, ids and names, and the errors each transport answers for a refused one. */
final class ActorNames {
  /** Actor types daprd reserves for its own use (workflows); the actor API refuses them. */
  static final String RESERVED_PREFIX = "dapr.internal.";

  private ActorNames() {}

  /** Refuses a bad actor id or method name: HTTP 400 ERR_BAD_REQUEST, gRPC a plain InvalidArgument. */
  static void validateName(String what, String name, Transport transport) {
    String problem = nameProblem(name);
    if (problem != null) {
      String text = "invalid " + what + ": " + problem;
      throw transport == Transport.HTTP ? CommonErrors.badRequest(text) : plainInvalidArgument(text);
    }
  }

  /** A plain gRPC {@code InvalidArgument} status, as daprd's gRPC API answers a bad actor name or method. */
  static DaprException plainInvalidArgument(String text) {
    return DaprException.builder(ErrorCode.BAD_REQUEST).message(text).build();
  }

  /** Refuses a bad timer or reminder name (daprd's {@code ValidateName}) with ERR_BAD_REQUEST. */
  static void checkName(String name) {
    String problem = nameProblem(name == null ? "" : name);
    if (problem != null) {
      throw CommonErrors.badRequest(problem);
    }
  }

  /** Refuses a type under {@link #RESERVED_PREFIX} with daprd's ERR_ACTOR_TYPE_RESERVED. */
  static void rejectReserved(String actorType) {
    String type = actorType == null ? "" : actorType;
    if (type.startsWith(RESERVED_PREFIX)) {
      throw ActorErrors.typeReserved(type);
    }
  }

  /** daprd's {@code ValidateName}: the text of why {@code name} is refused, {@code null} when it is accepted. */
  static String nameProblem(String name) {
    for (char c : new char[] {'#', '?', '\0', '/', '\\'}) {
      if (name.indexOf(c) >= 0) {
        return io.jdaprd.golang.GoFmt.sprintf("name contains forbidden character: %q", name);
      }
    }
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      if ((bytes[i] >= 0 && bytes[i] < 0x20) || bytes[i] == 0x7f) {
        return io.jdaprd.golang.GoFmt.sprintf("name contains control character at position %d: %q", i, name);
      }
    }
    if (name.equals(".") || name.equals("..")) {
      return io.jdaprd.golang.GoFmt.sprintf("name is a path traversal sequence: %q", name);
    }
    return null;
  }
}
