/**
 * The distributed lock SPI: a store takes a lock on a resource for an owner for a number of seconds, or says it is
 * taken, and releases it for its owner only. The runtime validates requests, prefixes resource ids with daprd's
 * {@code lock||...} key strategy and renders errors; a store only talks to its backend.
 */
package io.jdaprd.spi.lock;
