/** The HTTP health routes, which never need the API token. */
package io.jdaprd.api.http.health;
