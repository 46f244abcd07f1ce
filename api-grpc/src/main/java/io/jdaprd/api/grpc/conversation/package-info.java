/** The gRPC RPCs of conversation: {@link io.jdaprd.api.grpc.conversation.ConversationMethods}. */
package io.jdaprd.api.grpc.conversation;
