/**
 * Distributed lock: {@link io.jdaprd.core.lock.LockBlock} (daprd's checks and errors) and
 * {@link io.jdaprd.core.lock.LockKeys} (daprd's {@code lock||...} keys).
 */
package io.jdaprd.core.lock;
