/** The HTTP routes of conversation: {@link io.jdaprd.api.http.conversation.ConversationRoutes}. */
package io.jdaprd.api.http.conversation;
