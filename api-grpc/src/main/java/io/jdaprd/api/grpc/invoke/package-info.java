/** The gRPC RPCs of service invocation: {@link io.jdaprd.api.grpc.invoke.InvokeMethods}. */
package io.jdaprd.api.grpc.invoke;
