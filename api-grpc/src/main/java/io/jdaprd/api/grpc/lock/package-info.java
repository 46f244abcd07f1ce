/** The gRPC RPCs of the distributed lock: {@link io.jdaprd.api.grpc.lock.LockMethods}. */
package io.jdaprd.api.grpc.lock;
