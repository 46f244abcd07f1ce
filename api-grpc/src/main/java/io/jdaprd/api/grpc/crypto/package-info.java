/** The gRPC RPCs of cryptography: {@link io.jdaprd.api.grpc.crypto.CryptoMethods}. */
package io.jdaprd.api.grpc.crypto;
