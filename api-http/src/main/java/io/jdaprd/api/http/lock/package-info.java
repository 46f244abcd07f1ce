/** The HTTP routes of the distributed lock: {@link io.jdaprd.api.http.lock.LockRoutes}. */
package io.jdaprd.api.http.lock;
