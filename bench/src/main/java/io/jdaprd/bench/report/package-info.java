/**
 * The report of a {@code bench/run}: the numbers as JSON, a Markdown table with the targets checked, and an
 * SVG chart of the latency percentiles per scenario (sidecar against floor and direct), drawn without a plotting
 * library.
 */
package io.jdaprd.bench.report;
