/**
 * The error reference generated from the catalog ({@link io.jdaprd.errors.reference.ErrorReference}): the Markdown of
 * {@code docs/errors.md} and {@code docs/errors.zh-CN.md}, checked in CI so that it cannot drift.
 */
package io.jdaprd.errors.reference;
