/**
 * SQLite components (state.sqlite).
 */
package io.jdaprd.components.sqlite;
