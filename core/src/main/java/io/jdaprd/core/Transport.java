package io.jdaprd.core;

/** The wire a request came on, for the few checks where daprd's HTTP and gRPC APIs really differ. */
public enum Transport {
  HTTP, GRPC
}
