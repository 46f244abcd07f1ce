package io.jdaprd.core.actors;

import io.jdaprd.core.actors.ActorApp.Reply;
import io.jdaprd.core.actors.ActorApp.Request;
import io.jdaprd.core.invoke.RemoteCallException;
import io.jdaprd.errors.factories.CauseCode;
import java.util.function.Consumer;

/**
 * Calls actors whose owner is another sidecar, over daprd's internal API ({@code CallActor},
 * {@code CallActorStream}, {@code CallActorReminder} of {@code dapr.proto.internals.v1.ServiceInvocation}). Implemented by the messaging
 * module; the actor runtime decides where an actor lives, this only carries the call.
 */
public interface RemoteActors {

  /** No other sidecars: every remote call fails as an unreachable host. */
  RemoteActors NONE = new RemoteActors() {
    @Override
    public Reply invoke(ActorPlacement.Owner owner, String actorType, String actorId, String method,
        Request request) throws RemoteCallException {
      throw RemoteCallException.status(CauseCode.UNAVAILABLE, "no remote sidecars");
    }

    @Override
    public void invokeStream(ActorPlacement.Owner owner, String actorType, String actorId, String method,
        Request request, Consumer<Reply> responses) throws RemoteCallException {
      throw RemoteCallException.status(CauseCode.UNAVAILABLE, "no remote sidecars");
    }

    @Override
    public void remind(ActorPlacement.Owner owner, ReminderCall reminder) throws RemoteCallException {
      throw RemoteCallException.status(CauseCode.UNAVAILABLE, "no remote sidecars");
    }
  };

  /**
   * {@code CallActor} at {@code owner}: the request's headers travel as the call's metadata, the method's verb is
   * PUT at the app whatever the caller's.
   *
   * @return the owner's answer (an actor error carries {@code X-Daprerrorresponseheader})
   * @throws RemoteCallException when the call fails or the owner answers an error status
   */
  Reply invoke(ActorPlacement.Owner owner, String actorType, String actorId, String method, Request request)
      throws RemoteCallException;

  /**
   * {@code CallActorStream} at {@code owner}: the request travels as for {@link #invoke}; each answer the owner
   * streams goes to {@code responses}, in order, until the owner ends the stream.
   *
   * @throws RemoteCallException when the call fails or the owner ends the stream with an error status
   */
  void invokeStream(ActorPlacement.Owner owner, String actorType, String actorId, String method, Request request,
      Consumer<Reply> responses) throws RemoteCallException;

  /**
   * {@code CallActorReminder} at {@code owner}: the owner delivers the tick in the actor's turn.
   *
   * @throws RemoteCallException when the call fails or the owner refuses it
   */
  void remind(ActorPlacement.Owner owner, ReminderCall reminder) throws RemoteCallException;

  /**
   * A reminder tick to deliver.
   *
   * @param data the reminder's data as raw JSON, {@code null} for none
   */
  record ReminderCall(String actorType, String actorId, String name, String data, String dueTime, String period) {
  }
}
