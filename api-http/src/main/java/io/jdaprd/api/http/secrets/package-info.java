/** The HTTP routes of secrets: {@link io.jdaprd.api.http.secrets.SecretsRoutes}. */
package io.jdaprd.api.http.secrets;
