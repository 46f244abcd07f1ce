package io.jdaprd.core.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.jdaprd.core.component.ComponentDefinition;
import io.jdaprd.core.component.LoadProblem;
import io.jdaprd.core.component.ResourceLoader;
import io.jdaprd.core.invoke.endpoints.HttpEndpoint;
import io.jdaprd.core.invoke.endpoints.HttpEndpointResources;
import io.jdaprd.core.pubsub.routing.SubscriptionResources;
import io.jdaprd.core.pubsub.routing.TopicSubscription;
import io.jdaprd.core.resiliency.ResiliencyResources;
import io.jdaprd.core.resiliency.ResiliencySpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The resources a sidecar runs with: component definitions, declarative subscriptions, the {@code HTTPEndpoint}s
 * service invocation can call, the {@code Resiliency} resources that apply to the app, the names of the
 * {@code Configuration} documents found among the resources (daprd applies none of them, but restarts when the
 * resources change while there are any: {@link RestartingResources}), and the problems of the resources that could
 * not be read.
 */
public record Resources(List<ComponentDefinition> components, List<TopicSubscription> subscriptions,
    List<LoadProblem> problems, List<HttpEndpoint> httpEndpoints, List<ResiliencySpec> resiliency,
    List<String> configurations) {
  private static final String DAPR_API_VERSION = "dapr.io/v1alpha1";

  public Resources {
    components = List.copyOf(components);
    subscriptions = List.copyOf(subscriptions);
    problems = List.copyOf(problems);
    httpEndpoints = List.copyOf(httpEndpoints);
    resiliency = List.copyOf(resiliency);
    configurations = List.copyOf(configurations);
  }

  /** Resources without {@code Configuration} documents. */
  public Resources(List<ComponentDefinition> components, List<TopicSubscription> subscriptions,
      List<LoadProblem> problems, List<HttpEndpoint> httpEndpoints, List<ResiliencySpec> resiliency) {
    this(components, subscriptions, problems, httpEndpoints, resiliency, List.of());
  }

  /** Resources without {@code Resiliency} resources. */
  public Resources(List<ComponentDefinition> components, List<TopicSubscription> subscriptions,
      List<LoadProblem> problems, List<HttpEndpoint> httpEndpoints) {
    this(components, subscriptions, problems, httpEndpoints, List.of());
  }

  /** Resources without {@code HTTPEndpoint}s. */
  public Resources(List<ComponentDefinition> components, List<TopicSubscription> subscriptions,
      List<LoadProblem> problems) {
    this(components, subscriptions, problems, List.of());
  }

  /** Just these components, read from no file. */
  public static Resources of(List<ComponentDefinition> components) {
    return new Resources(components, List.of(), List.of());
  }

  /** These resources with {@code kept} as their components, the rest as they are. */
  public Resources withComponents(List<ComponentDefinition> kept) {
    return new Resources(kept, subscriptions, problems, httpEndpoints, resiliency, configurations);
  }

  /**
   * Reads every resource file of {@code paths}.
   *
   * @param environment looks up the environment variables that component metadata may refer to
   */
  public static Resources load(List<Path> paths, String appId, String namespace, UnaryOperator<String> environment) {
    ResourceLoader.Result read = new ResourceLoader(appId, namespace, environment).load(paths);
    SubscriptionResources.Result subs = new SubscriptionResources(appId, namespace).read(read.others());
    List<LoadProblem> problems = new ArrayList<>(read.problems());
    problems.addAll(subs.problems());
    List<HttpEndpoint> endpoints = new HttpEndpointResources(appId, namespace, environment).read(read.others());
    return new Resources(read.components(), subs.subscriptions(), problems, endpoints,
        ResiliencyResources.read(read.others(), appId), configurations(read.others(), namespace));
  }

  /**
   * The names of the {@code Configuration} documents ({@code dapr.io/v1alpha1}) among {@code others}, as daprd's disk
   * loader lists them: one of another namespace left out when both it and the sidecar name one.
   */
  private static List<String> configurations(List<ResourceLoader.ResourceDocument> others, String namespace) {
    List<String> names = new ArrayList<>();
    for (ResourceLoader.ResourceDocument doc : others) {
      JsonNode node = doc.document();
      String ns = node.path("metadata").path("namespace").asText("");
      if ("Configuration".equals(doc.kind()) && DAPR_API_VERSION.equals(node.path("apiVersion").asText())
          && (ns.isEmpty() || namespace == null || namespace.isEmpty() || ns.equals(namespace))) {
        names.add(node.path("metadata").path("name").asText(""));
      }
    }
    return names;
  }
}
