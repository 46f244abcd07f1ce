/**
 * The load generator: constant-rate (latency measured from each request's intended send time, so that coordinated
 * omission is corrected) and closed-loop modes, one request in flight per connection, HdrHistogram percentiles, over
 * HTTP/1.1 keep-alive and gRPC on Armeria clients and over RESP on Lettuce. It runs as its own process:
 * {@link io.jdaprd.bench.load.LoadMain}.
 */
package io.jdaprd.bench.load;
