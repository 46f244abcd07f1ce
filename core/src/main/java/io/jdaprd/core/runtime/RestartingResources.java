package io.jdaprd.core.runtime;

import io.jdaprd.core.invoke.endpoints.HttpEndpoint;
import io.jdaprd.core.resiliency.ResiliencySpec;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The resources that hot reload does not swap but daprd 1.18 applies by restarting its runtime (its SIGHUP
 * reconcilers): {@code HTTPEndpoint} and {@code Resiliency}, and {@code Configuration} documents. Each {@link #check}
 * compares the resources as they are now with those the runtime started with and, the first time they differ, asks
 * for a restart, naming the kind. A {@code Configuration} document in a resources folder asks for a restart whenever
 * the files change, as daprd's reconciler does in self-hosted mode: daprd's store of Configuration resources stays
 * empty there (the {@code --config} file is not one of them), so every document read after a file event is new to
 * it; the document itself is not applied, before or after the restart. A resource file that no longer reads asks for
 * nothing (the files are read again on the restart anyway).
 */
final class RestartingResources {
  private final List<HttpEndpoint> endpoints;
  private final List<ResiliencySpec> resiliency;
  private final Consumer<String> restart;
  private boolean asked;

  /**
   * @param startedWith the resources the runtime started with
   * @param restart asked for a restart with what changed ({@code HTTPEndpoint resources} or
   *     {@code Resiliency resources})
   */
  RestartingResources(Resources startedWith, Consumer<String> restart) {
    this.endpoints = startedWith.httpEndpoints();
    this.resiliency = comparable(startedWith.resiliency());
    this.restart = restart;
  }

  /**
   * Compares {@code now} with the start; asks for a restart once, when a kind differs.
   *
   * @param filesChanged whether files changed since the last pass ({@code false}: the scheduled backup pass, which
   *     daprd's SIGHUP reconcilers do not run)
   */
  synchronized void check(Resources now, boolean filesChanged) {
    if (asked || now.problems().stream().anyMatch(p -> p.component() == null)) {
      return;
    }
    String changed = !now.httpEndpoints().equals(endpoints) ? "HTTPEndpoint resources"
        : !comparable(now.resiliency()).equals(resiliency) ? "Resiliency resources"
        : filesChanged && !now.configurations().isEmpty() ? "Configuration resources" : null;
    if (changed != null) {
      asked = true;
      restart.accept(changed);
    }
  }

  /** The specs with their breakers' compiled trip expressions left out (those compare by identity). */
  private static List<ResiliencySpec> comparable(List<ResiliencySpec> specs) {
    return specs.stream().map(s -> new ResiliencySpec(s.name(), s.scopes(), s.timeouts(), s.retries(),
        s.circuitBreakers().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
            e -> new ResiliencySpec.BreakerSpec(e.getValue().maxRequests(), e.getValue().interval(),
                e.getValue().timeout(), e.getValue().trip(), null))),
        s.apps(), s.actors(), s.components())).toList();
  }
}
