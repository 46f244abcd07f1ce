package io.jdaprd.components.postgresql;

/**
 * One checked write of a set, a delete or a transaction, before a connection is borrowed.
 *
 * @param value the bytes to store, {@code null} for a delete
 * @param etag the client's ETag in the layout's form, or {@code null} for none
 * @param firstWrite whether a set without ETag may only insert (or replace an expired row)
 * @param ttlSeconds the seconds to live, 0 or less for no expiry
 * @param declaredJson whether the write's metadata says {@code contentType: application/json}
 */
record StateWrite(String key, boolean delete, byte[] value, String etag, boolean firstWrite, int ttlSeconds,
    boolean declaredJson) {
}
