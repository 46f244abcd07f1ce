/**
 * State management, written once for both transports: validation in daprd's order, key prefixing, the store
 * lookup, the call, and the mapping of store failures to Dapr's errors. Request bodies arrive as suppliers, so that
 * a body is decoded only after the store checks, as daprd does.
 */
package io.jdaprd.core.state;
