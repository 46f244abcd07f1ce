/**
 * Waiting in tests without racing a clock: {@link io.jdaprd.spi.testkit.timing.Poll} checks a condition until it
 * holds or a generous deadline passes, so a test waits as long as a loaded machine needs and no longer.
 */
package io.jdaprd.spi.testkit.timing;
