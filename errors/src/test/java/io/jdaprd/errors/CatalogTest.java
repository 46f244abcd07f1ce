package io.jdaprd.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.jdaprd.golang.GoFmt;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Pins the catalog to Dapr's registry, the seed table and Dapr's real statuses. */
class CatalogTest {

  private static List<String> lines(String golden) {
    return Goldens.read(golden).lines().filter(l -> !l.isBlank()).toList();
  }

  private static Map<String, String> seedTable() {
    Map<String, String> table = new LinkedHashMap<>();
    for (String line : lines("seed-error-table.tsv")) {
      String[] parts = line.split("\t", 2);
      table.put(parts[0], parts[1]);
    }
    return table;
  }

  /** The first entry declared for a code: the one the generated reference and the seed describe. */
  private static ErrorCode primary(String code) {
    return Arrays.stream(ErrorCode.values()).filter(c -> c.code().equals(code)).findFirst().orElseThrow();
  }

  @Test
  void everyCodeOfDaprsRegistryIsThereAndNothingElseButTheSeedsRetiredCodes() {
    Set<String> registry = new TreeSet<>(lines("dapr-registry-codes.txt"));
    assertThat(registry).hasSize(100);
    Set<String> current = Arrays.stream(ErrorCode.values()).filter(c -> c.kind() != ErrorKind.RETIRED)
        .map(ErrorCode::code).collect(Collectors.toCollection(TreeSet::new));
    assertThat(current).isEqualTo(registry);
  }

  @Test
  void everyCodeOfTheSeedTableIsThere() {
    Set<String> codes = Arrays.stream(ErrorCode.values()).map(ErrorCode::code).collect(Collectors.toSet());
    assertThat(seedTable()).hasSize(29);
    assertThat(codes).containsAll(seedTable().keySet());
  }

  @Test
  void retiredCodesAreExactlyTheSeedCodesMissingFromTheRegistry() {
    Set<String> registry = new HashSet<>(lines("dapr-registry-codes.txt"));
    Set<String> missing = seedTable().keySet().stream().filter(c -> !registry.contains(c))
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> retired = Arrays.stream(ErrorCode.values()).filter(c -> c.kind() == ErrorKind.RETIRED)
        .map(ErrorCode::code).collect(Collectors.toCollection(TreeSet::new));
    assertThat(retired).isEqualTo(missing).containsExactly("ERR_ACTOR_STATE_DELETE", "ERR_ACTOR_TIMER_DELETE",
        "ERR_DESERIALIZE_HTTP_BODY", "ERR_METADATA_GET", "ERR_STATE_STORES_NOT_CONFIGURED");
  }

  @Test
  void seedTableTextsAreTheCatalogsTextsOfThePrimaryEntries() {
    seedTable().forEach((code, text) -> {
      boolean chinese = text.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
      ErrorLocale locale = chinese ? ErrorLocale.ZH_CN : ErrorLocale.EN_US;
      assertThat(primary(code).description(locale)).as(code).isEqualTo(text);
    });
  }

  /** Dapr's statuses for the seed's codes, as daprd really answers (not the usual gRPC-HTTP mapping). */
  @ParameterizedTest
  @CsvSource({
      "ERR_ACTOR_INSTANCE_MISSING, 400, INTERNAL",
      "ERR_ACTOR_RUNTIME_NOT_FOUND, 500, INTERNAL",
      "ERR_ACTOR_REMINDER_CREATE, 500, INTERNAL",
      "ERR_ACTOR_REMINDER_DELETE, 500, INTERNAL",
      "ERR_ACTOR_TIMER_CREATE, 500, INTERNAL",
      "ERR_ACTOR_TIMER_DELETE, 500, INTERNAL",
      "ERR_ACTOR_REMINDER_GET, 500, INTERNAL",
      "ERR_ACTOR_INVOKE_METHOD, 500, INTERNAL",
      "ERR_ACTOR_STATE_DELETE, 500, INTERNAL",
      "ERR_ACTOR_STATE_GET, 500, INTERNAL",
      "ERR_ACTOR_STATE_TRANSACTION_SAVE, 500, INTERNAL",
      "ERR_PUBSUB_NOT_FOUND, 404, INVALID_ARGUMENT",
      "ERR_PUBSUB_PUBLISH_MESSAGE, 500, INTERNAL",
      "ERR_PUBSUB_FORBIDDEN, 403, PERMISSION_DENIED",
      "ERR_PUBSUB_CLOUD_EVENTS_SER, 500, INVALID_ARGUMENT",
      "ERR_STATE_STORE_NOT_FOUND, 400, INVALID_ARGUMENT",
      "ERR_STATE_STORES_NOT_CONFIGURED, 500, FAILED_PRECONDITION",
      "ERR_NOT_SUPPORTED_STATE_OPERATION, 400, UNIMPLEMENTED",
      "ERR_STATE_GET, 500, INTERNAL",
      "ERR_STATE_DELETE, 500, INTERNAL",
      "ERR_STATE_SAVE, 500, INTERNAL",
      "ERR_INVOKE_OUTPUT_BINDING, 500, INTERNAL",
      "ERR_MALFORMED_REQUEST, 400, INVALID_ARGUMENT",
      "ERR_DIRECT_INVOKE, 500, INTERNAL",
      "ERR_DESERIALIZE_HTTP_BODY, 400, INVALID_ARGUMENT",
      "ERR_SECRET_STORES_NOT_CONFIGURED, 500, FAILED_PRECONDITION",
      "ERR_SECRET_STORE_NOT_FOUND, 401, INVALID_ARGUMENT",
      "ERR_HEALTH_NOT_READY, 500, INTERNAL",
      "ERR_METADATA_GET, 500, INTERNAL",
  })
  void seedCodesHaveDaprsStatuses(String code, int http, Status.Code grpc) {
    ErrorCode entry = primary(code);
    assertThat(entry.httpStatus()).as(code).isEqualTo(http);
    assertThat(entry.grpcCode()).as(code).isEqualTo(grpc);
  }

  @ParameterizedTest
  @CsvSource({
      "STATE_STORE_NOT_CONFIGURED, ERR_STATE_STORE_NOT_CONFIGURED, DAPR_STATE_NOT_CONFIGURED, 500, FAILED_PRECONDITION",
      "STATE_ILLEGAL_KEY, ERR_MALFORMED_REQUEST, DAPR_STATE_ILLEGAL_KEY, 400, INVALID_ARGUMENT",
      "STATE_TRANSACTIONS_NOT_SUPPORTED, ERR_STATE_STORE_NOT_SUPPORTED, DAPR_STATE_TRANSACTIONS_NOT_SUPPORTED, 500, UNIMPLEMENTED",
      "STATE_QUERYING_NOT_SUPPORTED, ERR_STATE_STORE_NOT_SUPPORTED, DAPR_STATE_QUERYING_NOT_SUPPORTED, 500, INTERNAL",
      "STATE_SAVE_ETAG_MISMATCH, ERR_STATE_SAVE, , 409, ABORTED",
      "STATE_SAVE_ETAG_INVALID, ERR_STATE_SAVE, , 400, INVALID_ARGUMENT",
      "PUBSUB_NOT_CONFIGURED, ERR_PUBSUB_NOT_CONFIGURED, DAPR_PUBSUB_NOT_CONFIGURED, 400, FAILED_PRECONDITION",
      "PUBSUB_TEST_NOT_FOUND, ERR_PUBSUB_NOT_FOUND, DAPR_PUBSUB_TEST_NOT_FOUND, 400, NOT_FOUND",
      "PUBSUB_EMPTY, ERR_PUBSUB_EMPTY, DAPR_PUBSUB_NAME_EMPTY, 404, INVALID_ARGUMENT",
      "PUBLISH_OUTBOX, ERR_PUBLISH_OUTBOX, DAPR_PUBSUB_OUTBOX, 500, INTERNAL",
      "DIRECT_INVOKE_NO_APP_ID, ERR_DIRECT_INVOKE, , 404, NOT_FOUND",
      "ACTOR_NO_PLACEMENT, ERR_ACTOR_NO_PLACEMENT, , 400, UNAVAILABLE",
      "ACTOR_NO_ADDRESS, ERR_ACTOR_NO_ADDRESS, , 404, FAILED_PRECONDITION",
      "SCHEDULER_GET_JOB, DAPR_SCHEDULER_GET_JOB, DAPR_SCHEDULER_GET_JOB, 500, INTERNAL",
      "ERROR, ERROR, , 500, UNKNOWN",
  })
  void nonCanonicalPairsArePinned(ErrorCode entry, String code, String reason, int http, Status.Code grpc) {
    assertThat(entry.code()).isEqualTo(code);
    assertThat(entry.reason()).isEqualTo(reason);
    assertThat(entry.httpStatus()).isEqualTo(http);
    assertThat(entry.grpcCode()).isEqualTo(grpc);
  }

  @ParameterizedTest
  @EnumSource(ErrorCode.class)
  void everyEntryHasBothDescriptionsAndAChineseTemplateTakingTheSameArguments(ErrorCode code) {
    assertThat(code.description(ErrorLocale.EN_US)).isNotBlank();
    assertThat(code.description(ErrorLocale.ZH_CN)).isNotBlank().isNotEqualTo(code.description(ErrorLocale.EN_US));
    String zh = code.template(ErrorLocale.ZH_CN);
    assertThat(GoFmt.arity(zh)).as(zh).isEqualTo(code.arity());
    Object[] args = new Object[code.arity()];
    for (int i = 0; i < args.length; i++) {
      args[i] = "<arg" + i + ">";
    }
    String filled = GoFmt.sprintf(zh, args);
    assertThat(filled).doesNotContain("%!");
    for (Object arg : args) {
      assertThat(filled).contains((String) arg);
    }
  }

  @ParameterizedTest
  @EnumSource(ErrorCode.class)
  void kindsAgreeWithReasons(ErrorCode code) {
    switch (code.kind()) {
      case RICH -> assertThat(code.reason()).startsWith("DAPR_");
      case RICH_UNTAGGED -> assertThat(code.reason()).isEqualTo(code.code());
      default -> assertThat(code.reason()).isNull();
    }
    assertThat(code.template(ErrorLocale.EN_US)).isEqualTo(code.template());
  }

  @Test
  void anchorsAreUnique() {
    assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::anchor).distinct().count())
        .isEqualTo(ErrorCode.values().length);
  }
}
