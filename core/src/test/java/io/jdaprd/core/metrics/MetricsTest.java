package io.jdaprd.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** daprd's names, label keys, buckets and label values, as the exposition shows them. */
class MetricsTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  private static Metrics metrics(String specYaml) throws Exception {
    JsonNode spec = new ObjectMapper(new YAMLFactory()).readTree(specYaml);
    return new Metrics("myapp", null, MetricsSpec.parse(spec));
  }

  @Test
  void httpServerRequestsHaveDaprdsNamesLabelsAndLowCardinalityPaths() throws Exception {
    Metrics m = metrics("{}");
    m.httpServerRequest("GET", "/v1.0/state/statestore/key1", 200, 0, 5, 3 * MS);
    m.httpServerRequest("GET", "/v1.0/state/statestore/key2", 200, 0, 5, 1 * MS);
    m.httpServerRequest("BREW", "/v1.0/actors/Cat/7/method/feed", 404, 12, 0, 0);

    String text = m.scrape(false);
    assertThat(text).contains("# TYPE dapr_http_server_request_count counter\n")
        .contains("dapr_http_server_request_count{app_id=\"myapp\",method=\"GET\",path=\"/v1.0/state/statestore\","
            + "status=\"200\"} 2\n")
        .contains("dapr_http_server_request_count{app_id=\"myapp\",method=\"UNKNOWN\","
            + "path=\"/v1.0/actors/Cat/{id}/method\",status=\"404\"} 1\n")
        .contains("# TYPE dapr_http_server_latency histogram\n")
        // 1 ms falls under le="2" (OpenCensus buckets are [lower, upper)); 3 ms under le="4"
        .contains("dapr_http_server_latency_bucket{app_id=\"myapp\",method=\"GET\",path=\"/v1.0/state/statestore\","
            + "status=\"200\",le=\"1\"} 0\n")
        .contains("dapr_http_server_latency_bucket{app_id=\"myapp\",method=\"GET\",path=\"/v1.0/state/statestore\","
            + "status=\"200\",le=\"2\"} 1\n")
        .contains("dapr_http_server_latency_bucket{app_id=\"myapp\",method=\"GET\",path=\"/v1.0/state/statestore\","
            + "status=\"200\",le=\"4\"} 2\n")
        .contains("dapr_http_server_latency_bucket{app_id=\"myapp\",method=\"GET\",path=\"/v1.0/state/statestore\","
            + "status=\"200\",le=\"100000\"} 2\n")
        .contains("dapr_http_server_latency_sum{app_id=\"myapp\",method=\"GET\",path=\"/v1.0/state/statestore\","
            + "status=\"200\"} 4\n")
        .contains("dapr_http_server_latency_count{app_id=\"myapp\",method=\"GET\",path=\"/v1.0/state/statestore\","
            + "status=\"200\"} 2\n")
        .contains("dapr_http_server_request_bytes_bucket{app_id=\"myapp\",le=\"1024\"} 3\n")
        .contains("dapr_http_server_request_bytes_bucket{app_id=\"myapp\",le=\"1.048576e+06\"} 3\n")
        .contains("dapr_http_server_request_bytes_bucket{app_id=\"myapp\",le=\"4.294967296e+09\"} 3\n")
        .contains("dapr_http_server_response_bytes_sum{app_id=\"myapp\"} 10\n");
  }

  @Test
  void latencyBucketsAreDaprdsDefaults() throws Exception {
    Metrics m = metrics("{}");
    m.httpServerRequest("GET", "/v1.0/metadata", 200, 0, 0, 0);
    List<String> bounds = m.scrape(false).lines().filter(l -> l.startsWith("dapr_http_server_latency_bucket"))
        .map(l -> l.replaceAll(".*le=\"([^\"]+)\".*", "$1")).toList();
    assertThat(bounds).containsExactly("1", "2", "3", "4", "5", "6", "8", "10", "13", "16", "20", "25", "30", "40",
        "50", "65", "80", "100", "130", "160", "200", "250", "300", "400", "500", "650", "800", "1000", "2000", "5000",
        "10000", "20000", "50000", "100000", "+Inf");
  }

  @Test
  void configuredBucketsReplaceTheDefaults() throws Exception {
    Metrics m = metrics("metrics: {latencyDistributionBuckets: [5, 50]}");
    m.stateCall("store", Operations.GET, true, 7 * MS);
    assertThat(m.scrape(false)).contains("dapr_component_state_latencies_bucket{app_id=\"myapp\",component=\"store\","
        + "namespace=\"\",operation=\"get\",success=\"true\",le=\"50\"} 1\n")
        .doesNotContain("le=\"1\"");
  }

  @Test
  void increasedCardinalityOffDropsThePathAndExcludeVerbsTheMethod() throws Exception {
    Metrics m = metrics("metric: {http: {increasedCardinality: false, excludeVerbs: true}}");
    m.httpServerRequest("POST", "/v1.0/publish/pubsub/orders", 204, 3, 0, MS);
    assertThat(m.scrape(false)).contains(
        "dapr_http_server_request_count{app_id=\"myapp\",method=\"\",path=\"\",status=\"204\"} 1\n");
  }

  @Test
  void metricsSpecOverridesMetricFieldByField() {
    JsonNode spec = new ObjectMapper().createObjectNode()
        .<com.fasterxml.jackson.databind.node.ObjectNode>set("metric", new ObjectMapper().createObjectNode()
            .put("enabled", false).put("recordErrorCodes", true))
        .set("metrics", new ObjectMapper().createObjectNode().put("enabled", true));
    MetricsSpec parsed = MetricsSpec.parse(spec);
    assertThat(parsed.enabled()).isTrue();
    assertThat(parsed.recordErrorCodes()).isTrue();
    assertThat(parsed.increasedCardinality()).isTrue();
  }

  @Test
  void disabledMetricsRecordNothing() throws Exception {
    Metrics m = metrics("metrics: {enabled: false}");
    m.httpServerRequest("GET", "/v1.0/metadata", 200, 0, 0, MS);
    m.stateCall("store", Operations.GET, true, MS);
    assertThat(m.enabled()).isFalse();
    assertThat(m.scrape(false)).isEmpty();
  }

  @Test
  void rulesRewriteLabelValuesAndShareTheSeries() throws Exception {
    Metrics m = metrics("""
        metrics:
          rules:
          - name: dapr_http_server_request_count
            labels:
            - name: path
              regex:
                "/orders/TEST": "/orders/TEST"
                "/lightsabers/": "/lightsabers/.+"
        """);
    m.httpServerRequest("GET", "/lightsabers/red", 200, 0, 0, 0);
    m.httpServerRequest("GET", "/lightsabers/blue", 200, 0, 0, 0);
    String text = m.scrape(false);
    assertThat(text).contains("dapr_http_server_request_count{app_id=\"myapp\",method=\"GET\","
        + "path=\"/lightsabers/\",status=\"200\"} 2\n");
    // the rule names one metric: the latency keeps the raw path
    assertThat(text).contains("dapr_http_server_latency_count{app_id=\"myapp\",method=\"GET\","
        + "path=\"/lightsabers/red\",status=\"200\"} 1\n");
  }

  @Test
  void aBadRuleExpressionIsRefusedNamingIt() {
    assertThatThrownBy(() -> metrics("""
        metrics:
          rules:
          - name: dapr_http_server_request_count
            labels:
            - name: path
              regex: {"x": "(unclosed"}
        """)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dapr_http_server_request_count/path/x");
  }

  @Test
  void componentMetricsCarryNamespaceOperationAndSuccess() {
    Metrics m = new Metrics("myapp", "prod", MetricsSpec.DEFAULT);
    m.stateCall("statestore", Operations.SET, true, 2 * MS);
    m.stateCall("statestore", Operations.GET, false, 0);
    m.pubsubEgress("pubsub", "orders", true, 0);
    m.pubsubIngress("pubsub", "orders", "success", null, 3 * MS);
    String text = m.scrape(false);
    assertThat(text)
        .contains("dapr_component_state_count{app_id=\"myapp\",component=\"statestore\",namespace=\"prod\","
            + "operation=\"set\",success=\"true\"} 1\n")
        .contains("dapr_component_state_count{app_id=\"myapp\",component=\"statestore\",namespace=\"prod\","
            + "operation=\"get\",success=\"false\"} 1\n")
        .contains("dapr_component_state_latencies_count{app_id=\"myapp\",component=\"statestore\","
            + "namespace=\"prod\",operation=\"set\",success=\"true\"} 1\n")
        // a call of no measurable time is counted, its latency not recorded (as daprd skips a zero elapsed)
        .doesNotContain("dapr_component_state_latencies_count{app_id=\"myapp\",component=\"statestore\","
            + "namespace=\"prod\",operation=\"get\"")
        .contains("dapr_component_pubsub_egress_count{app_id=\"myapp\",component=\"pubsub\",namespace=\"prod\","
            + "success=\"true\",topic=\"orders\"} 1\n")
        .contains("dapr_component_pubsub_ingress_count{app_id=\"myapp\",component=\"pubsub\",namespace=\"prod\","
            + "process_status=\"success\",status=\"success\",topic=\"orders\"} 1\n");
  }

  @Test
  void grpcRuntimeResiliencyAndErrorMetrics() {
    Metrics m = new Metrics("myapp", null, new MetricsSpec(true, true, true, false, List.of(),
        MetricsSpec.DEFAULT_LATENCY_BUCKETS, List.of()));
    m.grpcServerCall("/dapr.proto.runtime.v1.Dapr/GetState", "OK", 20, 30, 2 * MS);
    m.componentLoaded("state.redis");
    m.componentInitFailed("pubsub.kafka", "init", "broker");
    m.resiliencyExecuted("myresiliency", "circuitbreaker", "outbound", Metrics.appTarget("other"), "open");
    m.apiError("ERR_STATE_GET", "state", "grpc");
    String text = m.scrape(false);
    assertThat(text)
        .contains("dapr_grpc_io_server_completed_rpcs{app_id=\"myapp\","
            + "grpc_server_method=\"/dapr.proto.runtime.v1.Dapr/GetState\",grpc_server_status=\"OK\"} 1\n")
        .contains("dapr_grpc_io_server_received_bytes_per_rpc_sum{app_id=\"myapp\","
            + "grpc_server_method=\"/dapr.proto.runtime.v1.Dapr/GetState\"} 20\n")
        .contains("dapr_grpc_io_server_server_latency_count{app_id=\"myapp\","
            + "grpc_server_method=\"/dapr.proto.runtime.v1.Dapr/GetState\",grpc_server_status=\"OK\"} 1\n")
        .contains("dapr_runtime_component_loaded{app_id=\"myapp\"} 1\n")
        .contains("dapr_runtime_component_init_total{app_id=\"myapp\",component=\"state.redis\"} 1\n")
        .contains("dapr_runtime_component_init_fail_total{app_id=\"myapp\",component=\"pubsub.kafka\","
            + "componentName=\"broker\",reason=\"init\"} 1\n")
        .contains("dapr_resiliency_count{app_id=\"myapp\",flow_direction=\"outbound\",name=\"myresiliency\","
            + "namespace=\"\",policy=\"circuitbreaker\",status=\"open\",target=\"app_other\"} 1\n")
        .contains("dapr_resiliency_cb_state{app_id=\"myapp\",flow_direction=\"outbound\",name=\"myresiliency\","
            + "namespace=\"\",policy=\"circuitbreaker\",status=\"open\",target=\"app_other\"} 1\n")
        .contains("dapr_resiliency_cb_state{app_id=\"myapp\",flow_direction=\"outbound\",name=\"myresiliency\","
            + "namespace=\"\",policy=\"circuitbreaker\",status=\"closed\",target=\"app_other\"} 0\n")
        .contains("dapr_error_code_total{app_id=\"myapp\",category=\"state\",error_code=\"ERR_STATE_GET\"} 1\n")
        .contains("jdaprd_api_errors_total{app_id=\"myapp\",errorCode=\"ERR_STATE_GET\",protocol=\"grpc\"} 1\n");
  }

  @Test
  void openMetricsKeepsDaprdsCounterNames() throws Exception {
    Metrics m = metrics("{}");
    m.httpServerRequest("GET", "/v1.0/metadata", 200, 0, 0, 0);
    m.componentLoaded("state.redis");
    String text = m.scrape(true);
    assertThat(text).contains("# TYPE dapr_http_server_request_count unknown\n")
        .contains("dapr_http_server_request_count{app_id=\"myapp\",method=\"GET\",path=\"/v1.0/metadata\","
            + "status=\"200\"} 1\n")
        .contains("# TYPE dapr_runtime_component_init counter\n")
        .contains("dapr_runtime_component_init_total{app_id=\"myapp\",component=\"state.redis\"} 1\n")
        .contains("le=\"1.0\"")
        .endsWith("# EOF\n");
    assertThat(Exposition.wantsOpenMetrics("application/openmetrics-text;version=1.0.0,text/plain;q=0.5")).isTrue();
    assertThat(Exposition.wantsOpenMetrics("text/plain")).isFalse();
  }

  @Test
  void bulkPubSubIsRecordedAsDaprd118RecordsIt() throws Exception {
    Metrics m = new Metrics("myapp", "prod", MetricsSpec.DEFAULT);
    m.pubsubBulkEgress("pubsub", "orders", true, 3, 2 * MS);
    m.pubsubBulkEgress("pubsub", "orders", false, 1, 0);
    m.pubsubBulkEgress("pubsub", "orders", false, 0, 0);
    m.pubsubBulkIngress("orders", 5 * MS);
    m.pubsubBulkIngress("orders", 0);
    m.pubsubBulkIngressEntries("orders", "success", 4);
    m.pubsubBulkIngressEntries("orders", "drop", 1);
    m.pubsubBulkIngressEntries("orders", "retry", 0);

    String text = m.scrape(false);
    String egress = "{app_id=\"myapp\",component=\"pubsub\",namespace=\"prod\",";
    String ingress = "{app_id=\"myapp\",component=\"pubsubName\",namespace=\"prod\",";
    assertThat(text).contains("# TYPE dapr_component_pubsub_egress_bulk_count counter\n")
        .contains("dapr_component_pubsub_egress_bulk_count" + egress + "success=\"true\",topic=\"orders\"} 1\n")
        .contains("dapr_component_pubsub_egress_bulk_count" + egress + "success=\"false\",topic=\"orders\"} 2\n")
        // daprd drops the success and topic tags of the event count (a bool where a string belongs)
        .contains("dapr_component_pubsub_egress_bulk_event_count" + egress + "success=\"\",topic=\"\"} 4\n")
        .contains("dapr_component_pubsub_egress_bulk_latencies_count" + egress
            + "success=\"true\",topic=\"orders\"} 1\n")
        .doesNotContain("dapr_component_pubsub_egress_bulk_latencies_count" + egress + "success=\"false\"")
        .contains("dapr_component_pubsub_ingress_bulk_count" + ingress + "process_status=\"\",topic=\"orders\"} 2\n")
        .contains("dapr_component_pubsub_ingress_bulk_latencies_sum" + ingress
            + "process_status=\"\",topic=\"orders\"} 5\n")
        .contains("dapr_component_pubsub_ingress_bulk_latencies_count" + ingress
            + "process_status=\"\",topic=\"orders\"} 1\n")
        .contains("dapr_component_pubsub_ingress_bulk_event_count" + ingress
            + "process_status=\"success\",topic=\"orders\"} 4\n")
        .contains("dapr_component_pubsub_ingress_bulk_event_count" + ingress
            + "process_status=\"drop\",topic=\"orders\"} 1\n")
        .doesNotContain("process_status=\"retry\"")
        .doesNotContain("dapr_component_pubsub_egress_count")
        .doesNotContain("dapr_component_pubsub_ingress_count");
  }

  @Test
  void componentAndInvocationLatenciesKeepTheirFractionAsDaprd118() {
    Metrics m = new Metrics("myapp", null, MetricsSpec.DEFAULT);
    m.stateCall("statestore", Operations.GET, true, MS / 2);
    m.invocationResponseReceived("other", 200, 3 * MS / 2);
    m.httpServerRequest("GET", "/v1.0/metadata", 200, 0, 0, 3 * MS / 2);
    String state = "{app_id=\"myapp\",component=\"statestore\",namespace=\"\",operation=\"get\",success=\"true\"";
    assertThat(m.scrape(false))
        .contains("dapr_component_state_latencies_bucket" + state + ",le=\"1\"} 1\n")
        .contains("dapr_component_state_latencies_sum" + state + "} 0.5\n")
        .contains("dapr_runtime_service_invocation_res_recv_latency_ms_sum{app_id=\"myapp\",src_app_id=\"other\","
            + "status=\"200\"} 1.5\n")
        // the server latencies stay in whole milliseconds
        .contains("dapr_http_server_latency_sum{app_id=\"myapp\",method=\"GET\",path=\"/v1.0/metadata\","
            + "status=\"200\"} 1\n");
  }

  @Test
  void aRecordingOnAnExistingSeriesReusesIt() {
    Metrics m = new Metrics("myapp", null, MetricsSpec.DEFAULT);
    Series.Counter first = m.components.stateCount.series("s", "get", "true");
    m.stateCall("s", Operations.GET, true, 0);
    assertThat(m.components.stateCount.series("s", "get", "true")).isSameAs(first);
    assertThat(first.value()).isEqualTo(1);
  }
}
