/**
 * The secret store SPI: a store answers one secret (a map of one or more key/value pairs) by name, or all of its
 * secrets at once. The runtime applies secret scopes, resolves {@code secretKeyRef}s and renders errors; a store only
 * reads its backend and never logs a value.
 */
package io.jdaprd.spi.secrets;
