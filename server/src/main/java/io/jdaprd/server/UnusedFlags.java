package io.jdaprd.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The daprd flags jdaprd accepts, so that {@code dapr run} and existing scripts start it unchanged, but does not act
 * on, each with the reason: the Kubernetes control plane, Sentry, the scheduler service, which a
 * standalone jdaprd does without, and the flags daprd itself deprecated to no effect. Each one given is logged once
 * at WARN as {@code --flag: accepted, not used: <reason>}.
 */
final class UnusedFlags {
  /** The flags and their reasons, in daprd's order of declaration. */
  static final Map<String, String> REASONS = reasons();

  private UnusedFlags() {
  }

  private static Map<String, String> reasons() {
    Map<String, String> m = new LinkedHashMap<>();
    String noControlPlane = "jdaprd runs standalone, without the Kubernetes control plane; resources come from "
        + "--resources-path";
    m.put("--control-plane-address", noControlPlane);
    m.put("--sentry-address", "jdaprd has no Sentry client; with --enable-mtls the certificates come from "
        + "DAPR_TRUST_ANCHORS, DAPR_CERT_CHAIN and DAPR_CERT_KEY");
    m.put("--control-plane-trust-domain", noControlPlane);
    m.put("--control-plane-namespace", noControlPlane);
    m.put("--sentry-request-jwt-audiences", "jdaprd has no Sentry client");
    m.put("--disable-builtin-k8s-secret-store", "jdaprd runs standalone, where daprd has no built-in Kubernetes "
        + "secret store either");
    m.put("--scheduler-host-address", "jdaprd schedules jobs and reminders itself, without a scheduler service");
    m.put("--scheduler-job-streams", "jdaprd schedules jobs and reminders itself, without a scheduler service");
    m.put("--actors-disseminate-timeout", "the placement service's own --disseminate-timeout bounds its rounds");
    m.put("--app-binding-options-timeout", "the input bindings' OPTIONS probe uses the app channel's call timeout");
    m.put("--reminders-service", "deprecated; daprd gives it no effect either");
    m.put("--actors-service", "deprecated; daprd gives it no effect either");
    return m;
  }

  /** One line for each unused flag given on {@code flags}' command line. */
  static List<String> warnings(Flags flags) {
    List<String> out = new ArrayList<>();
    REASONS.forEach((flag, reason) -> {
      if (flags.given(flag)) {
        out.add(flag + ": accepted, not used: " + reason);
      }
    });
    return out;
  }
}
