package io.jdaprd.core.actors;

import io.jdaprd.core.actors.ActorApp.Reply;
import io.jdaprd.core.actors.ActorApp.Request;
import io.jdaprd.core.invoke.RemoteCallException;
import java.util.function.Consumer;

/**
 * The callee's side of actor calls from other sidecars ({@code CallActor}, {@code CallActorStream},
 * {@code CallActorReminder}), which the
 * internal gRPC server passes here. A call for an actor this sidecar does not own (it moved while the call travelled)
 * fails with daprd's {@code remote actor moved}, which the caller retries after a new lookup.
 */
public interface ActorCallee {

  /**
   * Calls {@code method} of the actor in its turn.
   *
   * @return the app's answer; an actor error ({@code X-Daprerrorresponseheader}) is an answer too
   * @throws RemoteCallException with the gRPC status daprd answers ({@code Internal}, "error invoke actor method:
   *     ...", for a failed call)
   */
  Reply callActor(String actorType, String actorId, String method, Request request) throws RemoteCallException;

  /**
   * Delivers a reminder tick in the actor's turn.
   *
   * @throws RemoteCallException when the actor is not hosted here or the app failed
   */
  void callReminder(RemoteActors.ReminderCall reminder) throws RemoteCallException;

  /**
   * {@code CallActorStream}: a call whose answers stream back, as daprd's router serves it with
   * {@code X-Dapr-Remote} set. daprd streams only from its workflow actors: an app's actor owned here answers
   * {@code Unknown} "not implemented"; an actor owned elsewhere is {@code Unknown} "remote actor moved"; an actor
   * without a host is daprd's lookup failure ({@code FailedPrecondition} "did not find address for actor ...").
   *
   * @param responses receives each answer, in order, before the call returns
   * @throws RemoteCallException with the status daprd ends the stream with
   */
  void callActorStream(String actorType, String actorId, String method, Request request, Consumer<Reply> responses)
      throws RemoteCallException;
}
