package io.jdaprd.core.metrics;

import static io.jdaprd.core.metrics.Families.bool;
import static io.jdaprd.core.metrics.Families.exactMillis;

import java.util.List;

/**
 * The runtime families: service invocation between sidecars ({@code dapr_runtime_service_invocation_*}), components
 * loaded ({@code dapr_runtime_component_*}), actors ({@code dapr_runtime_actor_*}) and the errors answered
 * ({@code dapr_error_code_total}, {@code jdaprd_api_errors_total}). Recorded through {@link Metrics}.
 */
final class RuntimeMetrics {
  private final boolean enabled;
  private final boolean recordErrorCodes;

  final Family<Series.Counter> invocationReqSent;
  final Family<Series.Counter> invocationReqRecv;
  final Family<Series.Counter> invocationResSent;
  final Family<Series.Counter> invocationResRecv;
  final Family<Series.Histogram> invocationResRecvLatency;
  final Family<Series.Counter> componentLoaded;
  final Family<Series.Counter> componentInitTotal;
  final Family<Series.Counter> componentInitFailTotal;
  final Family<Series.Counter> actorTimersFired;
  final Family<Series.Counter> actorRemindersFired;
  final Family<Series.Counter> actorDeactivated;
  final Family<Series.Gauge> actorPendingCalls;
  final Family<Series.Counter> errorCodeTotal;
  final Family<Series.Counter> apiErrors;

  RuntimeMetrics(Families b, boolean enabled, boolean recordErrorCodes) {
    this.enabled = enabled;
    this.recordErrorCodes = recordErrorCodes;
    invocationReqSent = b.counter("runtime_service_invocation_req_sent_total",
        "The number of requests sent via service invocation.", "dst_app_id", "type");
    invocationReqRecv = b.counter("runtime_service_invocation_req_recv_total",
        "The number of requests received via service invocation.", "src_app_id");
    invocationResSent = b.counter("runtime_service_invocation_res_sent_total",
        "The number of responses sent via service invocation.", "dst_app_id", "status");
    invocationResRecv = b.counter("runtime_service_invocation_res_recv_total",
        "The number of responses received via service invocation.", "src_app_id", "status", "type");
    invocationResRecvLatency = b.latency("runtime_service_invocation_res_recv_latency_ms",
        "The latency of service invocation response.", "src_app_id", "status");
    componentLoaded = b.counter("runtime_component_loaded", "The number of successfully loaded components.");
    componentInitTotal = b.counter("runtime_component_init_total", "The number of initialized components.",
        "component");
    componentInitFailTotal = b.counter("runtime_component_init_fail_total",
        "The number of component initialization failures.", "component", "reason", "componentName");
    actorTimersFired = b.counter("runtime_actor_timers_fired_total", "The number of actor timers fired requests.",
        "actor_type", "success");
    actorRemindersFired = b.counter("runtime_actor_reminders_fired_total",
        "The number of actor reminders fired requests.", "actor_type", "success");
    actorDeactivated = b.counter("runtime_actor_deactivated_total", "The number of the successful actor deactivation.",
        "actor_type");
    actorPendingCalls = b.gauge("runtime_actor_pending_actor_calls",
        "The number of pending actor calls waiting to acquire the per-actor lock.", "actor_type");
    errorCodeTotal = b.counter("error_code_total",
        "Total number of times an error with a specific error code was encountered.", "error_code", "category");
    apiErrors = b.named("jdaprd_api_errors_total", "Errors of Dapr's error catalog answered by the HTTP and gRPC APIs, "
        + "by error code and transport.", Family.Type.COUNTER, null, List.of("errorCode", "protocol"), false);
  }

  void invocationRequestSent(String target) {
    if (enabled) {
      invocationReqSent.series(target, "unary").inc();
    }
  }

  void invocationResponseReceived(String target, int status, long elapsedNanos) {
    if (enabled) {
      String s = Integer.toString(status);
      invocationResRecv.series(target, s, "unary").inc();
      invocationResRecvLatency.series(target, s).observe(exactMillis(elapsedNanos));
    }
  }

  void invocationRequestReceived(String caller) {
    if (enabled) {
      invocationReqRecv.series(caller).inc();
    }
  }

  void invocationResponseSent(String caller, int status) {
    if (enabled) {
      invocationResSent.series(caller, Integer.toString(status)).inc();
    }
  }

  void componentLoaded(String type) {
    if (!enabled) {
      return;
    }
    componentLoaded.series().inc();
    componentInitTotal.series(type).inc();
  }

  void componentInitFailed(String type, String reason, String name) {
    if (enabled) {
      componentInitFailTotal.series(type, reason, name).inc();
    }
  }

  void actorTimerFired(String actorType, boolean success) {
    if (enabled) {
      actorTimersFired.series(actorType, bool(success)).inc();
    }
  }

  void actorReminderFired(String actorType, boolean success) {
    if (enabled) {
      actorRemindersFired.series(actorType, bool(success)).inc();
    }
  }

  void actorDeactivated(String actorType) {
    if (enabled) {
      actorDeactivated.series(actorType).inc();
    }
  }

  void actorPendingCalls(String actorType, long delta) {
    if (enabled) {
      actorPendingCalls.series(actorType).add(delta);
    }
  }

  void apiError(String errorCode, String category, String protocol) {
    if (!enabled) {
      return;
    }
    apiErrors.series(errorCode, protocol).inc();
    if (recordErrorCodes && category != null && !category.isEmpty()) {
      errorCodeTotal.series(errorCode, category).inc();
    }
  }
}
