package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dapr.client.DaprClient;
import io.dapr.client.DaprClientBuilder;
import io.dapr.client.domain.ComponentMetadata;
import io.dapr.client.domain.DaprMetadata;
import io.dapr.client.domain.State;
import io.dapr.client.domain.TransactionalStateOperation;
import io.dapr.client.domain.TransactionalStateOperation.OperationType;
import io.dapr.config.Properties;
import io.dapr.exceptions.DaprErrorDetails.ErrorDetailType;
import io.dapr.exceptions.DaprException;
import io.dapr.utils.TypeRef;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The official Java SDK 1.17.1, unmodified, against a sidecar with the embedded defaults and an API token. Every
 * call blocks with a timeout, so a sidecar that never answers (e.g. a details trailer whose code differs from the
 * status, which makes the SDK's Mono never complete) fails the test instead of hanging it.
 */
// The SDK test classes share their sidecar and client through static fields: they must not run at once.
@org.junit.jupiter.api.parallel.ResourceLock("java-sdk-test-statics")
abstract class JavaSdkTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String TOKEN = "sdk-token";
  static SidecarProcess sidecar;
  static DaprClient client;
  static String expectedType;
  static List<String> expectedCapabilities;
  static String expectedMismatch;

  /** The sidecar with the embedded SQLite default: see {@link SqliteJavaSdkTest}. */
  static void startSqlite() throws Exception {
    expectedType = "state.sqlite";
    expectedCapabilities = List.of("ETAG", "TRANSACTIONAL", "TTL", "ACTOR");
    expectedMismatch = "ABORTED: failed saving state in state store statestore: possible etag mismatch. error from "
        + "state store";
    startWith(SidecarProcess.withAppId("it-java-sdk"));
  }

  /** Starts the sidecar these tests drive, with the API token, and a client for it. */
  static void startWith(SidecarProcess.Options options) {
    sidecar = options.env("DAPR_API_TOKEN", TOKEN).start();
    client = client(TOKEN);
  }

  @AfterAll
  static void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (sidecar != null) {
      sidecar.close();
    }
  }

  private static DaprClient client(String token) {
    DaprClientBuilder builder = new DaprClientBuilder()
        .withPropertyOverride(Properties.SIDECAR_IP, "127.0.0.1")
        .withPropertyOverride(Properties.HTTP_PORT, String.valueOf(sidecar.httpPort()))
        .withPropertyOverride(Properties.GRPC_PORT, String.valueOf(sidecar.grpcPort()));
    if (token != null) {
      builder.withPropertyOverride(Properties.API_TOKEN, token);
    }
    return builder.build();
  }

  private static DaprException daprFailure(ThrowingCallable call) {
    DaprException e = catchThrowableOfType(DaprException.class, call);
    assertThat(e).as("the call must fail with a DaprException").isNotNull();
    assertThat(e.getHttpStatusCode()).isZero();
    assertThat(e.getCause()).isInstanceOf(ExecutionException.class);
    assertThat(e.getCause().getCause()).isInstanceOf(StatusRuntimeException.class);
    return e;
  }

  private static String detail(DaprException e, ErrorDetailType type, String field) {
    return e.getErrorDetails().get(type, field, TypeRef.STRING);
  }

  @Test
  void waitForSidecarNeedsNoToken() throws Exception {
    DaprClient anonymous = client(null);
    try {
      anonymous.waitForSidecar(5000).block(TIMEOUT);
    } finally {
      anonymous.close();
    }
  }

  @Test
  void saveGetDelete() {
    client.saveState("statestore", "sdk-k1", "v1").block(TIMEOUT);

    State<String> got = client.getState("statestore", "sdk-k1", String.class).block(TIMEOUT);
    assertThat(got.getValue()).isEqualTo("v1");
    assertThat(got.getEtag()).isNotBlank();

    client.deleteState("statestore", "sdk-k1").block(TIMEOUT);
    State<String> gone = client.getState("statestore", "sdk-k1", String.class).block(TIMEOUT);
    assertThat(gone.getValue()).isNull();
    assertThat(gone.getEtag()).isNull();
  }

  @Test
  void bulkSaveAndGet() {
    client.saveBulkState("statestore", List.of(new State<>("sdk-b1", "one", (String) null),
        new State<>("sdk-b2", "two", (String) null))).block(TIMEOUT);

    List<State<String>> got = client.getBulkState("statestore", List.of("sdk-b1", "sdk-b2", "sdk-b3"),
        String.class).block(TIMEOUT);

    assertThat(got).extracting(State::getKey).containsExactlyInAnyOrder("sdk-b1", "sdk-b2", "sdk-b3");
    assertThat(got).filteredOn(s -> s.getKey().equals("sdk-b1")).extracting(State::getValue).containsExactly("one");
    assertThat(got).filteredOn(s -> s.getKey().equals("sdk-b2")).extracting(State::getValue).containsExactly("two");
    assertThat(got).filteredOn(s -> s.getKey().equals("sdk-b3")).extracting(State::getValue).containsOnlyNulls();
  }

  @Test
  void transaction() {
    client.saveState("statestore", "sdk-tx-old", "old").block(TIMEOUT);

    client.executeStateTransaction("statestore", List.of(
        new TransactionalStateOperation<>(OperationType.UPSERT, new State<>("sdk-tx-new", "new", (String) null)),
        new TransactionalStateOperation<>(OperationType.DELETE, new State<>("sdk-tx-old")))).block(TIMEOUT);

    assertThat(client.getState("statestore", "sdk-tx-new", String.class).block(TIMEOUT).getValue()).isEqualTo("new");
    assertThat(client.getState("statestore", "sdk-tx-old", String.class).block(TIMEOUT).getValue()).isNull();
  }

  @Test
  void staleEtagIsAborted() {
    client.saveState("statestore", "sdk-etag", "v1").block(TIMEOUT);
    String first = client.getState("statestore", "sdk-etag", String.class).block(TIMEOUT).getEtag();
    client.saveState("statestore", "sdk-etag", first, "v2", null).block(TIMEOUT);

    DaprException e = daprFailure(() -> client.saveState("statestore", "sdk-etag", first, "v3", null)
        .block(TIMEOUT));

    assertThat(e.getErrorCode()).isEqualTo("ABORTED");
    assertThat(e.getMessage()).isEqualTo(expectedMismatch);
    assertThat(detail(e, ErrorDetailType.ERROR_INFO, "reason")).isEqualTo("ERR_STATE_SAVE");
    assertThat(detail(e, ErrorDetailType.ERROR_INFO, "domain")).isEqualTo("dapr.io");
    assertThat(detail(e, ErrorDetailType.RESOURCE_INFO, "resourceName")).isNull();
  }

  @Test
  void keyWithTheSeparatorIsInvalidArgument() {
    DaprException e = daprFailure(() -> client.getState("statestore", "a||b", String.class).block(TIMEOUT));

    assertThat(e.getErrorCode()).isEqualTo("INVALID_ARGUMENT");
    assertThat(e.getMessage()).isEqualTo("INVALID_ARGUMENT: input key/keyPrefix 'a||b' can't contain '||'");
    assertThat(detail(e, ErrorDetailType.ERROR_INFO, "reason")).isEqualTo("DAPR_STATE_ILLEGAL_KEY");
    assertThat(detail(e, ErrorDetailType.RESOURCE_INFO, "resourceType")).isEqualTo("state");
    assertThat(detail(e, ErrorDetailType.RESOURCE_INFO, "resourceName")).isEqualTo("statestore");
    List<?> violations = e.getErrorDetails().get(ErrorDetailType.BAD_REQUEST, "fieldViolations",
        new TypeRef<List<?>>() { });
    assertThat(violations).singleElement().extracting("field").isEqualTo("a||b");
  }

  @Test
  void unknownStoreIsInvalidArgumentAsTheSdksOwnTestExpects() {
    DaprException get = daprFailure(() -> client.getState("unknown state store", "k", String.class)
        .block(TIMEOUT));
    assertThat(get.getErrorCode()).isEqualTo("INVALID_ARGUMENT");
    assertThat(get.getMessage()).isEqualTo("INVALID_ARGUMENT: state store unknown state store is not found");
    assertThat(detail(get, ErrorDetailType.ERROR_INFO, "reason")).isEqualTo("DAPR_STATE_NOT_FOUND");
    assertThat(detail(get, ErrorDetailType.RESOURCE_INFO, "resourceName")).isNull();

    DaprException bulk = daprFailure(() -> client.getBulkState("unknown state store", List.of("k"), String.class)
        .block(TIMEOUT));
    assertThat(bulk.getMessage()).isEqualTo("INVALID_ARGUMENT: state store unknown state store is not found");
  }

  @Test
  void metadataListsTheStore() {
    DaprMetadata metadata = client.getMetadata().block(TIMEOUT);

    assertThat(metadata.getId()).startsWith("it-java-sdk");
    assertThat(metadata.getComponents()).filteredOn(c -> c.getName().equals("statestore")).singleElement()
        .satisfies(c -> {
          assertThat(c.getType()).isEqualTo(expectedType);
          assertThat(c.getCapabilities()).containsExactlyElementsOf(expectedCapabilities);
        });
    assertThat(metadata.getComponents()).extracting(ComponentMetadata::getName)
        .as("the store, and the embedded in-memory pubsub when the sidecar runs the embedded defaults")
        .containsAnyOf("statestore").isSubsetOf("statestore", "pubsub");
  }

  @Test
  void withoutTheTokenCallsAreUnauthenticated() throws Exception {
    DaprClient anonymous = client(null);
    try {
      DaprException e = daprFailure(() -> anonymous.getState("statestore", "k", String.class).block(TIMEOUT));

      assertThat(e.getErrorCode()).isEqualTo("UNAUTHENTICATED");
      assertThat(e.getMessage()).isEqualTo("UNAUTHENTICATED: Unauthorized");
      assertThat(detail(e, ErrorDetailType.ERROR_INFO, "reason")).isEqualTo("Unauthorized");
    } finally {
      anonymous.close();
    }
  }

  @Test
  void publishToAnUnknownPubsubIsTheSdkExamplesError() {
    DaprException e = daprFailure(() -> client.publishEvent("unknown_pubsub", "mytopic", "mydata").block(TIMEOUT));

    assertThat(e.getErrorCode()).isEqualTo("INVALID_ARGUMENT");
    assertThat(e.getMessage()).isEqualTo("INVALID_ARGUMENT: pubsub unknown_pubsub is not found");
    assertThat(detail(e, ErrorDetailType.ERROR_INFO, "reason")).isEqualTo("DAPR_PUBSUB_NOT_FOUND");
    assertThat(e.getPayload()).hasSize(116);
  }
}
