package io.jdaprd.core.resiliency;

import io.jdaprd.core.component.ResourceLoader.ResourceDocument;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the {@code Resiliency} resources among the resources paths' documents, as daprd's local loader does: a
 * resource whose {@code scopes} do not name this app is skipped ({@code metadata.namespace} is not looked at, as in
 * daprd's standalone mode); an invalid one is logged ({@code Could not read resiliency policy NAME: REASON}) and
 * ignored as a whole, and the sidecar carries on with the others. Nothing here fails the sidecar or its readiness.
 */
public final class ResiliencyResources {
  private static final Logger LOG = LoggerFactory.getLogger(ResiliencyResources.class);
  /** The {@code kind} of the resource. */
  public static final String KIND = "Resiliency";

  private ResiliencyResources() {
  }

  /** The valid {@code Resiliency} resources of {@code documents} that apply to {@code appId}, in file order. */
  public static List<ResiliencySpec> read(List<ResourceDocument> documents, String appId) {
    List<ResiliencySpec> out = new ArrayList<>();
    for (ResourceDocument d : documents) {
      if (!KIND.equals(d.kind())) {
        continue;
      }
      List<String> scopes = new ArrayList<>();
      d.document().path("scopes").forEach(s -> scopes.add(s.asText()));
      if (!scopes.isEmpty() && !scopes.contains(appId)) {
        continue;
      }
      String name = d.document().path("metadata").path("name").asText("");
      LOG.info("Loading Resiliency configuration: {}", name);
      try {
        out.add(ResiliencyParser.parse(d.document()));
      } catch (IllegalArgumentException e) {
        LOG.error("Could not read resiliency policy {}: {}", name, e.getMessage());
      }
    }
    return List.copyOf(out);
  }

  /** The policies of the {@code Resiliency} resources of {@code documents} for {@code appId}. */
  public static Resiliency load(List<ResourceDocument> documents, String appId) {
    return Resiliency.of(read(documents, appId));
  }
}
