/** The gRPC RPCs of secrets: {@link io.jdaprd.api.grpc.secrets.SecretsMethods}. */
package io.jdaprd.api.grpc.secrets;
