package io.jdaprd.errors.factories;

import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorCode;

/** Errors of the conversation API. */
public final class ConversationErrors {
  /** The component type of conversation components. */
  public static final String RESOURCE_TYPE = "conversation";

  private ConversationErrors() {
  }

  /** The named component does not exist. */
  public static DaprException notFound(String name) {
    return Errors.about(ErrorCode.CONVERSATION_NOT_FOUND, RESOURCE_TYPE, name, name);
  }

  /** The request has no inputs. */
  public static DaprException missingInputs(String name) {
    return Errors.about(ErrorCode.CONVERSATION_MISSING_INPUTS, RESOURCE_TYPE, name, name);
  }

  /** A parameter is invalid; {@code detail} says which. */
  public static DaprException invalidParams(String name, Object detail) {
    return Errors.about(ErrorCode.CONVERSATION_INVALID_PARMS, RESOURCE_TYPE, name, name, detail);
  }

  /** The component failed. */
  public static DaprException invoke(String name, Object cause) {
    return Errors.about(ErrorCode.CONVERSATION_INVOKE, RESOURCE_TYPE, name, name, cause);
  }
}
