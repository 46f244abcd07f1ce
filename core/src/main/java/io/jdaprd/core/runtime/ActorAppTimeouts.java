package io.jdaprd.core.runtime;

import io.jdaprd.core.actors.ActorApp;
import io.jdaprd.core.actors.ActorsConfig;
import io.jdaprd.core.resiliency.Resiliency;

/**
 * The app's actor callbacks under the actor types' resiliency policies, as daprd 1.18 applies them: the call of an
 * actor method (or reminder, or timer) runs under its type's {@code timeout} (the post-lock policy, bounding the
 * app's work, not the wait for the actor's turn); an app that takes longer fails the call with
 * {@code context deadline exceeded}. daprd 1.18 applies no actor retry or breaker of a {@code Resiliency} resource.
 */
final class ActorAppTimeouts implements ActorApp {
  private final ActorApp app;
  private final Resiliency resiliency;

  ActorAppTimeouts(ActorApp app, Resiliency resiliency) {
    this.app = app;
    this.resiliency = resiliency;
  }

  @Override
  public ActorsConfig config() throws ActorCallException {
    return app.config();
  }

  @Override
  public Reply invoke(String actorType, String actorId, String method, Request request) throws ActorCallException {
    return resiliency.actorPostLock(actorType, actorId).run(() -> app.invoke(actorType, actorId, method, request),
        ActorCallException::new);
  }

  @Override
  public void deactivate(String actorType, String actorId) throws ActorCallException {
    app.deactivate(actorType, actorId);
  }
}
