/**
 * Dapr's error model, usable on its own by any Java program: the catalog of every code daprd sends
 * ({@link io.jdaprd.errors.ErrorCode}), the one exception type ({@link io.jdaprd.errors.DaprException}) and how it is
 * rendered beyond daprd's bytes ({@link io.jdaprd.errors.ErrorRendering}). The per-block factories live in
 * {@code errors.factories}, the detail records in {@code errors.details}, the two renderers and their parsers in
 * {@code errors.http} and {@code errors.grpc}.
 */
package io.jdaprd.errors;
