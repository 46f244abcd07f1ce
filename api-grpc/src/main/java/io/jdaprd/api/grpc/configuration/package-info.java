/** The gRPC RPCs of configuration: {@link io.jdaprd.api.grpc.configuration.ConfigurationMethods}. */
package io.jdaprd.api.grpc.configuration;
