/** The HTTP routes of configuration: {@link io.jdaprd.api.http.configuration.ConfigurationRoutes}. */
package io.jdaprd.api.http.configuration;
