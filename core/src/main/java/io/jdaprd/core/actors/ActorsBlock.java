package io.jdaprd.core.actors;

import io.jdaprd.core.Transport;
import io.jdaprd.errors.factories.ActorErrors;
import io.jdaprd.errors.factories.CommonErrors;
import java.nio.charset.StandardCharsets;

/**
 * The actors API. There is no placement service here, so every call that passes daprd's validation ends in
 * {@code ERR_ACTOR_NO_PLACEMENT}; what daprd checks first is checked first:
 *
 * <ul>
 *   <li>invoking an actor: the placement check comes first, on both wires;
 *   <li>every other operation: a reserved actor type ({@code dapr.internal.*}) is refused first;
 *   <li>over HTTP, a state transaction, reminder or timer whose body does not decode is then refused, and a reminder
 *       or timer name daprd does not accept; over gRPC, the placement check comes right after the actor type.
 * </ul>
 */
public final class ActorsBlock {
  /** daprd's prefix of the actor types that belong to the runtime (workflows, activities). */
  static final String RESERVED_PREFIX = "dapr.internal.";

  /** What an actor call does. */
  public enum Operation {
    INVOKE, GET_STATE, STATE_TRANSACTION, CREATE_REMINDER, GET_REMINDER, DELETE_REMINDER, LIST_REMINDERS,
    DELETE_REMINDERS_BY_TYPE, CREATE_TIMER, DELETE_TIMER;

    boolean hasNamedBody() {
      return this == CREATE_REMINDER || this == CREATE_TIMER;
    }

    boolean hasBody() {
      return hasNamedBody() || this == STATE_TRANSACTION;
    }
  }

  /**
   * One actor call.
   *
   * @param operation what it does
   * @param actorType the actor type
   * @param name the reminder or timer name, {@code null} for other operations
   * @param bodyProblem over HTTP, Go's text of why the body did not decode, {@code null} when it did (or for
   *     operations without a body)
   */
  public record Call(Operation operation, String actorType, String name, String bodyProblem) {
    /** A call without name or body. */
    public static Call of(Operation operation, String actorType) {
      return new Call(operation, actorType, null, null);
    }
  }

  /** Runs {@code call}. */
  public void call(Call call, Transport transport) {
    if (call.operation() != Operation.INVOKE) {
      String type = call.actorType() == null ? "" : call.actorType();
      if (type.startsWith(RESERVED_PREFIX)) {
        throw ActorErrors.typeReserved(type);
      }
      if (transport == Transport.HTTP && call.operation().hasBody() && call.bodyProblem() != null) {
        throw CommonErrors.malformedRequest(call.bodyProblem());
      }
      if (transport == Transport.HTTP && call.operation().hasNamedBody()) {
        validateName(call.name() == null ? "" : call.name());
      }
    }
    throw ActorErrors.noPlacement();
  }

  /** daprd's check of a reminder or timer name that is embedded in a URL path. */
  private static void validateName(String name) {
    for (char c : new char[] {'#', '?', '\0', '/', '\\'}) {
      if (name.indexOf(c) >= 0) {
        throw ActorErrors.nameForbiddenCharacter(name);
      }
    }
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      if ((bytes[i] >= 0 && bytes[i] < 0x20) || bytes[i] == 0x7f) {
        throw ActorErrors.nameControlCharacter(i, name);
      }
    }
    if (name.equals(".") || name.equals("..")) {
      throw ActorErrors.namePathTraversal(name);
    }
  }
}
