/** Conversation: {@link io.jdaprd.core.conversation.ConversationBlock}. */
package io.jdaprd.core.conversation;
