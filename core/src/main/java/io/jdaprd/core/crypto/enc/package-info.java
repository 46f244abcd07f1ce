/**
 * daprd's streamed encryption format {@code dapr.io/enc/v1} (dapr/kit's {@code schemes/enc/v1}), on the JDK's
 * crypto: {@link io.jdaprd.core.crypto.enc.EncV1#encrypt} and {@link io.jdaprd.core.crypto.enc.EncV1#decrypt} turn
 * one stream into another with one segment's buffer, whatever the payload's size.
 */
package io.jdaprd.core.crypto.enc;
