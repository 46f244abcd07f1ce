/** The HTTP pub/sub routes: publish and bulk publish. */
package io.jdaprd.api.http.pubsub;
