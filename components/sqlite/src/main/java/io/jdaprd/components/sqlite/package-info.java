/**
 * SQLite components: the state store ({@code state.sqlite}) and the name resolver ({@code sqlite}).
 */
package io.jdaprd.components.sqlite;
