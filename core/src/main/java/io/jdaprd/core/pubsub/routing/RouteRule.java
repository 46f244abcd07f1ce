package io.jdaprd.core.pubsub.routing;

/**
 * One routing rule of a subscription: events for which {@code match} holds go to {@code path}.
 *
 * @param match a CEL expression over the variable {@code event} (the CloudEvent as a map); empty matches every event
 * @param path the app path (HTTP) or the {@code path} field of the gRPC request
 */
public record RouteRule(String match, String path) {
  public RouteRule {
    match = match == null ? "" : match;
    path = path == null ? "" : path;
  }
}
