package io.jdaprd.core.conversation;

import io.jdaprd.errors.factories.ConversationErrors;

/** Conversation (LLM). No conversation component type is built yet: every component is not found, as in daprd. */
public final class ConversationBlock {
  /** Converses with component {@code name}. */
  public void converse(String name) {
    throw ConversationErrors.notFound(name);
  }
}
