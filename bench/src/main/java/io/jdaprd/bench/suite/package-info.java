/**
 * The scenario runner behind {@code bench/run}: starts the sidecar (under each JVM flag set asked for), the floor
 * server, a private Redis and the load generator as separate processes, runs the scenarios side by side in
 * interleaved rounds, reads each server's CPU and memory from {@code /proc}, and hands the numbers to the report.
 */
package io.jdaprd.bench.suite;
