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
 * types it moves ({@link #rebalanced}), up to their drain timeout, cancels those still running (they are tried
 * again after a new lookup), and then deactivates the actors that moved away.
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
  /** The threads running calls on this sidecar, by actor type (daprd's in-flight claims). */
  private final Map<String, Set<Thread>> inflight = new ConcurrentHashMap<>();
  /** Calls placement cancelled after its drain timeout; guarded by {@code cancelling} with {@link #inflight}. */
  private final Set<Thread> cancelled = ConcurrentHashMap.newKeySet();
  private final Object cancelling = new Object();
  private volatile boolean closing;

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

  /**
   * A call on this sidecar that placement cancelled once the drain timeout had passed (its type was rebalanced, the
   * placement connection was lost, or the sidecar stops), as daprd cancels the context of an in-flight claim.
   */
  private static final class CancelledException extends Exception {
    private static final long serialVersionUID = 1L;

    CancelledException() {
      super("context canceled", null, false, false);
    }
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
      } catch (CancelledException e) {
        // daprd tries a call whose context placement cancelled again (a new lookup finds the new owner), unless the
        // sidecar is stopping.
        if (closing) {
          throw ActorErrors.invokeMethod(e.getMessage());
        }
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
   * @throws CancelledException when placement cancelled the call ({@link #cancelCalls})
   */
  private Reply local(String type, String id, String method, Request request) throws ActorCallException,
      CancelledException {
    ActorTable t = table.get();
    if (t == null) {
      throw new ActorTable.NotOwnedException();
    }
    Set<Thread> calls = inflight.computeIfAbsent(type, k -> ConcurrentHashMap.newKeySet());
    Thread self = Thread.currentThread();
    calls.add(self);
    try {
      if (!placement.get().ownsNow(type, id)) {
        throw new ActorTable.NotOwnedException();
      }
      return t.call(type, id, method, request);
    } catch (InterruptedException e) {
      if (cancelled.contains(self)) {
        throw new CancelledException();
      }
      Thread.currentThread().interrupt();
      throw new ActorCallException("context canceled");
    } catch (ActorCallException e) {
      if (cancelled.contains(self)) {
        throw new CancelledException();
      }
      throw e;
    } finally {
      synchronized (cancelling) {
        calls.remove(self);
        if (cancelled.remove(self)) {
          Thread.interrupted();
        }
      }
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
        } catch (ActorTable.NotOwnedException | CancelledException moved) {
          failure = moved.getMessage();
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
      } catch (ActorTable.NotOwnedException | CancelledException e) {
        if (attempt >= RETRIES || closing) {
          throw RemoteCallException.status(CauseCode.INTERNAL, "error invoke actor method: " + e.getMessage());
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
    } catch (ActorTable.NotOwnedException | CancelledException e) {
      throw RemoteCallException.status(CauseCode.INTERNAL, e.getMessage());
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
      for (String type : changedTypes) {
        drainCalls(type, c.of(type).drainTimeout(), c.drainRebalancedActors());
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
      drainAllCalls();
      int halted = t.halt((type, id) -> true, false);
      if (halted > 0) {
        LOG.info("placement lost: deactivated {} actor(s)", halted);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops this sidecar's calls as daprd does when it stops: waits for the calls in flight (the app's drain timeout at
   * most, when {@code drainRebalancedActors}), then cancels those left; a cancelled call is not tried again.
   */
  void stopCalls() throws InterruptedException {
    closing = true;
    drainAllCalls();
  }

  /** daprd's drain when placement is lost or the sidecar stops: the app's global drain timeout for every type. */
  private void drainAllCalls() throws InterruptedException {
    ActorsConfig c = config.get();
    if (c == null) {
      return;
    }
    for (String type : Set.copyOf(inflight.keySet())) {
      drainCalls(type, c.defaults().drainTimeout(), c.drainRebalancedActors());
    }
  }

  /**
   * daprd's drain of the in-flight calls of {@code type}: with {@code await}, up to {@code timeout} for them to end;
   * then (at once without {@code await}) the calls left are cancelled.
   */
  private void drainCalls(String type, Duration timeout, boolean await) throws InterruptedException {
    if (await && !awaitCalls(type, timeout)) {
      LOG.error("Timed out waiting for actor type '{}' in-flight calls to finish, force cancelling remaining calls",
          type);
    }
    cancelCalls(type);
  }

  /** Whether no call of {@code type} runs here any more, waiting {@code timeout} at most. */
  private boolean awaitCalls(String type, Duration timeout) throws InterruptedException {
    Set<Thread> calls = inflight.get(type);
    long until = System.nanoTime() + timeout.toNanos();
    while (calls != null && !calls.isEmpty()) {
      if (System.nanoTime() - until > 0) {
        return false;
      }
      Thread.sleep(5);
    }
    return true;
  }

  /** Cancels the calls of {@code type} running here: each is interrupted and ends as {@link CancelledException}. */
  private void cancelCalls(String type) {
    synchronized (cancelling) {
      for (Thread call : inflight.getOrDefault(type, Set.of())) {
        cancelled.add(call);
        call.interrupt();
      }
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
