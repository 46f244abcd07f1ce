/**
 * daprd's placement table: per actor type, a consistent-hash ring of the hosts serving it, with virtual nodes per
 * host and BLAKE2b-512 hashes, so that every sidecar (jdaprd or daprd) computes the same owner for an actor id.
 */
package io.jdaprd.placement.hashing;
