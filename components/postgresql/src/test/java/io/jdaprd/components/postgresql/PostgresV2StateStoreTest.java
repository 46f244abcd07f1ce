package io.jdaprd.components.postgresql;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.state.StateStore;
import io.jdaprd.spi.testkit.StateEtagRules;
import io.jdaprd.spi.testkit.StateStoreConformance;
import java.util.Map;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The state store conformance suite on the table layout of {@code version: v2}. */
@ExtendWith(SharedPostgres.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresV2StateStoreTest extends StateStoreConformance {
  private final String connectionString;

  PostgresV2StateStoreTest(PostgresServer server) throws Exception {
    this.connectionString = server.connectionString(server.createDatabase());
  }

  @Override
  protected StateStore createStore(ComponentMetadata metadata) {
    return new PostgresStateStore();
  }

  @Override
  protected Map<String, String> storeMetadata() {
    return Map.of("connectionString", connectionString);
  }

  @Override
  protected String storeType() {
    return PostgresStateStore.TYPE;
  }

  @Override
  protected ComponentMetadata componentMetadata() {
    return new ComponentMetadata(COMPONENT_NAME, storeType(), "v2", APP_ID, storeMetadata());
  }

  @Override
  public StateEtagRules etagRules() {
    return StateEtagRules.POSTGRES;
  }
}
