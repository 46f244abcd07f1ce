/**
 * The routes of building blocks this runtime has no component for yet: each answers Dapr's error for a block
 * without components, never a bare 404.
 */
package io.jdaprd.api.http.unavailable;
