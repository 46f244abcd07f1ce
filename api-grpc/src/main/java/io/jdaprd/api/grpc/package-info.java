/**
 * The gRPC API adapters behind one Dapr service: parse, call the core once, render.
 */
package io.jdaprd.api.grpc;
