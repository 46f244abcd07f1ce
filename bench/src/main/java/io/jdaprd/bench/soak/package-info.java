/**
 * The soak run (issue #15): a mixed load at a constant rate against one running sidecar (state save and get,
 * publish with delivery back to the app, service invocation to the app, actor calls), the sidecar's RSS, threads,
 * file descriptors and p99 sampled per interval, their slopes over time, and every error and lost message counted.
 * Only the JDK is used (its HTTP client and HTTP server), so that {@code bench/run --soak} and the short version in
 * the whole-sidecar tests drive the same code.
 */
package io.jdaprd.bench.soak;
