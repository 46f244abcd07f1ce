/**
 * In-memory components (state.in-memory, pubsub.in-memory).
 */
package io.jdaprd.components.inmemory;
