/** The HTTP state API: {@code /v1.0/state/...} and {@code /v1.0-alpha1/state/{store}/query}. */
package io.jdaprd.api.http.state;
