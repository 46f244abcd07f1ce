/** Distributed lock: {@link io.jdaprd.core.lock.LockBlock}. */
package io.jdaprd.core.lock;
