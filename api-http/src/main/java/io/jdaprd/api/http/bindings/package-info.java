/** The HTTP routes of output bindings: {@link io.jdaprd.api.http.bindings.BindingsRoutes}. */
package io.jdaprd.api.http.bindings;
