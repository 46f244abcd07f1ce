/** The HTTP metadata routes and {@code POST /v1.0/shutdown}. */
package io.jdaprd.api.http.metadata;
