/** The actors API: {@link io.jdaprd.core.actors.ActorsBlock}. */
package io.jdaprd.core.actors;
