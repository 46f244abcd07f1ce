package io.jdaprd.components.postgresql;

/** The query tests of {@link PostgresQueryTest} on the table layout of {@code version: v2}. */
class PostgresV2QueryTest extends PostgresQueryTest {
  @Override
  String version() {
    return "v2";
  }
}
