/**
 * How a sidecar joins a placement service: {@link io.jdaprd.placement.client.PlacementClient} reports the sidecar's
 * actor types, follows the dissemination rounds as daprd 1.18's sidecar does, and answers which host owns an actor.
 */
package io.jdaprd.placement.client;
