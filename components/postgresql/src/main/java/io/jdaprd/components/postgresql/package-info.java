/**
 * PostgreSQL components: {@code state.postgresql} ({@link io.jdaprd.components.postgresql.PostgresStateStore},
 * versions v1 and v2), on pgjdbc and HikariCP, each version in the table layout of the same version of daprd's
 * {@code state.postgresql}; and the output binding {@code bindings.postgres} (alias {@code bindings.postgresql},
 * {@link io.jdaprd.components.postgresql.PostgresBinding}: {@code exec}, {@code query}, {@code close}).
 */
package io.jdaprd.components.postgresql;
