package io.jdaprd.core.actors;

import io.jdaprd.core.actors.ActorApp.ActorCallException;
import io.jdaprd.core.actors.ActorApp.Reply;
import io.jdaprd.core.actors.ActorApp.Request;
import io.jdaprd.core.actors.ActorPlacement.Owner;
import io.jdaprd.core.invoke.RemoteCallException;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.factories.ActorErrors;
import io.jdaprd.errors.factories.CauseCode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an actor call runs, as daprd's actor router decides: the owner is looked up (waiting while a placement round
 * holds the type); on this sidecar the call is counted in flight for its type, ownership is checked again, and it
 * runs in the actor's turn; elsewhere it goes to the owner over the internal API ({@code CallActor}). As daprd's
 * built-in policy, a call is tried again up to 5 times, 1 s apart, when no host was found (with a placement service),
 * the owner was unreachable, or the actor moved meanwhile. A placement round waits for the calls in flight of the
 * types it moves ({@link #rebalanced}) and then deactivates the actors that moved away.
 */
final class ActorRouter implements ActorCallee, ActorPlacement.Listener {
  /** The metadata key a sidecar adds to a call it received from another sidecar (daprd's). */
  static final String REMOTE_HEADER = "X-Dapr-Remote";
  private static final String MOVED = "remote actor moved";
  private static final int RETRIES = 5;
  private static final Duration RETRY_WAIT = Duration.ofSeconds(1);
  private static final Logger LOG = LoggerFactory.getLogger(ActorRouter.class);

  private final Supplier<ActorPlacement> placement;
  private final Supplier<RemoteActors> remote;
  private final Supplier<ActorTable> table;
  private final Supplier<ActorReminders> reminders;
  private final Supplier<ActorsConfig> config;
  private final String appId;
  private final String namespace;
  private final Map<String, AtomicInteger> inflight = new ConcurrentHashMap<>();

  /** A router of app {@code appId} in {@code namespace}, the caller identity of the calls it runs here. */
  ActorRouter(String appId, String namespace, Supplier<ActorPlacement> placement, Supplier<RemoteActors> remote,
      Supplier<ActorTable> table, Supplier<ActorReminders> reminders, Supplier<ActorsConfig> config) {
    this.appId = appId;
    this.namespace = namespace;
    this.placement = placement;
    this.remote = remote;
    this.table = table;
    this.reminders = reminders;
    this.config = config;
  }

  /** A failure that daprd's router tries again; {@code error} is what the caller gets after the last try. */
  private static final class RetryableException extends Exception {
    private static final long serialVersionUID = 1L;
    final DaprException error;

    RetryableException(DaprException error) {
      super(error.getMessage(), null, false, false);
      this.error = error;
    }
  }

  // ---- calls from this sidecar's API --------------------------------------------------------------------------

  /**
   * Invokes an actor method wherever the actor lives; throws the API's error (see {@link ActorsBlock#invoke}). The
   * caller identity the client sent is dropped ({@link CallerIdentity}).
   */
  Reply invoke(String type, String id, String method, Request sent) {
    Request request = CallerIdentity.stripUntrusted(sent);
    for (int attempt = 0; ; attempt++) {
      try {
        return attempt(type, id, method, request, attempt);
      } catch (RetryableException e) {
        if (attempt >= RETRIES) {
          throw e.error;
        }
        pause();
      }
    }
  }

  private Reply attempt(String type, String id, String method, Request request, int attempt)
      throws RetryableException {
    ActorPlacement p = placement.get();
    Optional<Owner> owner = lookup(p, type, id);
    if (owner.isEmpty()) {
      DaprException error = ActorErrors.invokeLookupFailed(type, id);
      if (p.changes()) {
        throw new RetryableException(error);
      }
      throw error;
    }
    if (owner.get().local()) {
      try {
        return local(type, id, method, CallerIdentity.stampLocal(request, appId, namespace));
      } catch (ActorCallException e) {
        throw ActorErrors.invokeMethod(e.getMessage());
      } catch (ActorTable.NotOwnedException e) {
        throw new RetryableException(ActorErrors.invokeMethod(e.getMessage()));
      }
    }
    try {
      return remote.get().invoke(owner.get(), type, id, method, request);
    } catch (RemoteCallException e) {
      if (retried(e)) {
        String text = "failed to invoke target " + owner.get().address() + " after " + attempt + " retries. Error: "
            + e.getMessage();
        throw new RetryableException(ActorErrors.invokeRemoteFailed(e.code(), text, text));
      }
      throw ActorErrors.invokeRemoteFailed(e.code(), e.description(), e.getMessage());
    }
  }

  /** daprd's transient failures of a remote call: unreachable owner, actor moved, placement disseminating. */
  private static boolean retried(RemoteCallException e) {
    return e.code() == CauseCode.UNAVAILABLE || e.code() == CauseCode.INTERNAL
        && (e.description().equals("error invoke actor method: " + MOVED)
        || e.description().endsWith(": placement is disseminating"));
  }

  private static Optional<Owner> lookup(ActorPlacement p, String type, String id) {
    return p.lookup(type, id);
  }

  /**
   * Runs a call on this sidecar, counted in flight for its type while it runs.
   *
   * @throws ActorTable.NotOwnedException when the actor is not (or no longer) owned here
   */
  private Reply local(String type, String id, String method, Request request) throws ActorCallException {
    ActorTable t = table.get();
    if (t == null) {
      throw new ActorTable.NotOwnedException();
    }
    AtomicInteger count = inflight.computeIfAbsent(type, k -> new AtomicInteger());
    count.incrementAndGet();
    try {
      if (!placement.get().ownsNow(type, id)) {
        throw new ActorTable.NotOwnedException();
      }
      return t.call(type, id, method, request);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ActorCallException("context canceled");
    } finally {
      count.decrementAndGet();
    }
  }

  /** Delivers a reminder tick where its actor lives; whether the app cancelled it. */
  boolean deliverReminder(ActorReminders.Entry e) throws ActorCallException, InterruptedException {
    // As daprd 1.18's ticks from Scheduler: the tick names the reminder and carries its data, no due time or period.
    RemoteActors.ReminderCall call = new RemoteActors.ReminderCall(e.type(), e.id(), e.name(), e.data(), "", "");
    for (int attempt = 0; ; attempt++) {
      Optional<Owner> owner = lookup(placement.get(), e.type(), e.id());
      String failure;
      if (owner.isEmpty()) {
        failure = "failed to lookup actor: " + ActorErrors.noAddress(e.type(), e.id()).goError();
      } else if (owner.get().local()) {
        try {
          return local(e.type(), e.id(), "remind/" + e.name(), ActorReminders.request(e.data(), "", ""))
              .cancelsReminder();
        } catch (ActorTable.NotOwnedException moved) {
          failure = MOVED;
        }
      } else {
        try {
          remote.get().remind(owner.get(), call);
          return false;
        } catch (RemoteCallException r) {
          if (!retried(r)) {
            throw new ActorCallException(r.getMessage());
          }
          failure = r.getMessage();
        }
      }
      if (attempt >= RETRIES) {
        throw new ActorCallException(failure);
      }
      Thread.sleep(RETRY_WAIT);
    }
  }

  // ---- calls from other sidecars ------------------------------------------------------------------------------

  @Override
  public Reply callActor(String actorType, String actorId, String method, Request request)
      throws RemoteCallException {
    Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
    headers.put(REMOTE_HEADER, List.of("true"));
    Request received = CallerIdentity.stampLocal(new Request(headers, request.query(), request.contentType(),
        request.body()), appId, namespace);
    for (int attempt = 0; ; attempt++) {
      Optional<Owner> owner = lookup(placement.get(), actorType, actorId);
      if (owner.isEmpty()) {
        throw RemoteCallException.status(CauseCode.INTERNAL, "error invoke actor method: failed to lookup actor: "
            + ActorErrors.noAddress(actorType, actorId).goError());
      }
      if (!owner.get().local()) {
        throw RemoteCallException.status(CauseCode.INTERNAL, "error invoke actor method: " + MOVED);
      }
      try {
        return local(actorType, actorId, method, received);
      } catch (ActorCallException e) {
        throw RemoteCallException.status(CauseCode.INTERNAL, "error invoke actor method: " + e.getMessage());
      } catch (ActorTable.NotOwnedException e) {
        if (attempt >= RETRIES) {
          throw RemoteCallException.status(CauseCode.INTERNAL, "error invoke actor method: " + MOVED);
        }
      } catch (DaprException e) {
        throw RemoteCallException.status(CauseCode.of(e), e.getMessage());
      }
      pauseOrCancel();
    }
  }

  @Override
  public void callReminder(RemoteActors.ReminderCall r) throws RemoteCallException {
    Optional<Owner> owner = lookup(placement.get(), r.actorType(), r.actorId());
    if (owner.isEmpty() || !owner.get().local()) {
      throw RemoteCallException.status(CauseCode.INTERNAL, MOVED);
    }
    try {
      Reply reply = local(r.actorType(), r.actorId(), "remind/" + r.name(),
          ActorReminders.request(r.data(), r.dueTime(), r.period()));
      if (reply.cancelsReminder()) {
        ActorReminders rm = reminders.get();
        if (rm != null) {
          rm.delete(r.actorType(), r.actorId(), r.name());
        }
      }
    } catch (ActorCallException e) {
      throw RemoteCallException.status(CauseCode.INTERNAL, e.getMessage());
    } catch (ActorTable.NotOwnedException e) {
      throw RemoteCallException.status(CauseCode.INTERNAL, MOVED);
    } catch (ActorReminders.StoreException e) {
      throw RemoteCallException.status(CauseCode.INTERNAL, "error deleting the cancelled reminder: "
          + e.getMessage());
    }
  }

  // ---- streamed calls (daprd's CallStream) --------------------------------------------------------------------

  /** A failure of a streamed call that daprd's router tries again; {@code failure} is what the caller gets last. */
  private static final class RetryableStream extends Exception {
    private static final long serialVersionUID = 1L;
    final RemoteCallException failure;

    RetryableStream(RemoteCallException failure) {
      super(failure.getMessage(), null, false, false);
      this.failure = failure;
    }
  }

  /**
   * A streamed call ({@code CallActorStream}) wherever the actor lives, as daprd's router {@code CallStream}: tried
   * again (5 times, 1 s apart) when no host was found while placement changes, or when the owner was unreachable or
   * answered that the actor moved or placement is disseminating; a call that arrived from another sidecar
   * ({@code X-Dapr-Remote}) for an actor not owned here is "remote actor moved" at once.
   *
   * @param responses receives each answer, in order
   * @throws RemoteCallException the failure of the last try
   */
  void invokeStream(String type, String id, String method, Request request, Consumer<Reply> responses)
      throws RemoteCallException {
    for (int attempt = 0; ; attempt++) {
      try {
        streamOnce(type, id, method, request, responses);
        return;
      } catch (RetryableStream e) {
        if (attempt >= RETRIES) {
          throw e.failure;
        }
        pauseOrCancel();
      }
    }
  }

  private void streamOnce(String type, String id, String method, Request request, Consumer<Reply> responses)
      throws RemoteCallException, RetryableStream {
    ActorPlacement p = placement.get();
    Optional<Owner> owner = lookup(p, type, id);
    if (owner.isEmpty()) {
      DaprException e = ActorErrors.noAddress(type, id);
      RemoteCallException failure = RemoteCallException.status(CauseCode.of(e), e.getMessage());
      if (p.changes()) {
        throw new RetryableStream(failure);
      }
      throw failure;
    }
    if (owner.get().local()) {
      // daprd's app actor target does not stream (only its workflow actors do): a plain error, gRPC's Unknown.
      throw RemoteCallException.status(CauseCode.UNKNOWN, "not implemented");
    }
    if (request.headers().containsKey(REMOTE_HEADER)) {
      throw RemoteCallException.status(CauseCode.UNKNOWN, MOVED);
    }
    try {
      remote.get().invokeStream(owner.get(), type, id, method, request, responses);
    } catch (RemoteCallException e) {
      if (retried(e)) {
        throw new RetryableStream(e);
      }
      throw e;
    }
  }

  @Override
  public void callActorStream(String actorType, String actorId, String method, Request request,
      Consumer<Reply> responses) throws RemoteCallException {
    Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
    headers.put(REMOTE_HEADER, List.of("true"));
    invokeStream(actorType, actorId, method, new Request(headers, request.query(), request.contentType(),
        request.body()), responses);
  }

  // ---- placement rounds ---------------------------------------------------------------------------------------

  @Override
  public void rebalanced(Set<String> changedTypes) {
    ActorTable t = table.get();
    ActorsConfig c = config.get();
    if (t == null || changedTypes.isEmpty()) {
      return;
    }
    try {
      if (c.drainRebalancedActors()) {
        for (String type : changedTypes) {
          awaitCalls(type, c.of(type).drainTimeout());
        }
      }
      ActorPlacement p = placement.get();
      int halted = t.halt((type, id) -> changedTypes.contains(type) && !p.current(type, id).map(Owner::local).orElse(false),
          c.drainRebalancedActors());
      if (halted > 0) {
        LOG.info("deactivated {} actor(s) that moved to other hosts", halted);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    ActorReminders rm = reminders.get();
    if (rm != null) {
      rm.reevaluate(changedTypes);
    }
  }

  @Override
  public void disconnected() {
    ActorReminders rm = reminders.get();
    if (rm != null) {
      rm.stopAll();
    }
    ActorTable t = table.get();
    if (t == null) {
      return;
    }
    try {
      int halted = t.halt((type, id) -> true, false);
      if (halted > 0) {
        LOG.info("placement lost: deactivated {} actor(s)", halted);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits until no call of {@code type} runs here, {@code timeout} at most (then the actors go regardless). */
  private void awaitCalls(String type, Duration timeout) throws InterruptedException {
    AtomicInteger count = inflight.get(type);
    long until = System.nanoTime() + timeout.toNanos();
    while (count != null && count.get() > 0) {
      if (System.nanoTime() - until > 0) {
        LOG.error("Timed out waiting for actor type '{}' in-flight calls to finish for rebalanced types, "
            + "deactivating its actors anyway", type);
        return;
      }
      Thread.sleep(5);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(RETRY_WAIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ActorErrors.invokeMethod("context canceled");
    }
  }

  private static void pauseOrCancel() throws RemoteCallException {
    try {
      Thread.sleep(RETRY_WAIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw RemoteCallException.status(CauseCode.CANCELLED, "context canceled");
    }
  }
}
