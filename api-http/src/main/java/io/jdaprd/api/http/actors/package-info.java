/** The HTTP routes of actors: {@link io.jdaprd.api.http.actors.ActorsRoutes}. */
package io.jdaprd.api.http.actors;
