/**
 * PostgreSQL components: {@code state.postgresql} ({@link io.jdaprd.components.postgresql.PostgresStateStore},
 * versions v1 and v2), on pgjdbc and HikariCP, in the table layout of daprd's {@code state.postgresql} v2.
 */
package io.jdaprd.components.postgresql;
