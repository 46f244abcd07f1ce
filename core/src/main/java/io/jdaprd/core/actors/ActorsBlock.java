package io.jdaprd.core.actors;

import io.jdaprd.core.Transport;
import io.jdaprd.core.actors.ActorApp.ActorCallException;
import io.jdaprd.core.actors.ActorApp.Reply;
import io.jdaprd.core.actors.ActorApp.Request;
import io.jdaprd.core.invoke.acl.InvokeMethods;
import io.jdaprd.core.metrics.Metrics;
import io.jdaprd.errors.factories.ActorErrors;
import io.jdaprd.errors.factories.CommonErrors;
import io.jdaprd.errors.factories.StateErrors;
import io.jdaprd.spi.state.StateException;
import io.jdaprd.spi.state.StateStore;
import io.jdaprd.spi.state.StoredValue;
import io.jdaprd.core.scheduler.ManualClock;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The actors API and runtime of this sidecar. The app's types (from {@code GET /dapr/config}, read by
 * {@link #host}, or from a callback stream's registration, {@link #register}) are placed through an
 * {@link ActorPlacement}; today that is {@link SelfPlacement}, so an actor of a hosted type runs here, one
 * activation per (type, id), one turn at a time ({@link ActorTable}), and its state lives in the actor state store
 * ({@link ActorStateAccess}). What daprd checks first is checked first:
 *
 * <ul>
 *   <li>invoking: placement (none: {@code ERR_ACTOR_NO_PLACEMENT}), then the type and id names, then the method;
 *   <li>every other operation: a reserved actor type ({@code dapr.internal.*}) is refused first; over HTTP, a body
 *       that does not decode and a reminder or timer name daprd does not accept come next; then placement.
 * </ul>
 */
public final class ActorsBlock implements AutoCloseable {
  /** daprd's prefix of the actor types that belong to the runtime (workflows, activities). */

  private static final Logger LOG = LoggerFactory.getLogger(ActorsBlock.class);
  private static final Duration HOSTING_WAIT = Duration.ofSeconds(5);

  private final String appId;
  private volatile ActorPlacement placement;
  private volatile RemoteActors remote = RemoteActors.NONE;
  private final ActorRouter router;
  private final ActorStateAccess state;
  private final Clock clock;
  private final CountDownLatch hostingDecided = new CountDownLatch(1);
  /** A stream's types were unregistered with a placement service: INITIALIZING until the next registration. */
  private volatile boolean registrationPending;
  private volatile ActorTable table;
  private volatile ActorTimers timers;
  private volatile ActorReminders reminders;
  private final StateStore actorStore;
  private final Metrics metrics;
  private volatile ActorsConfig config = ActorsConfig.NONE;
  private volatile boolean closed;
  private volatile Thread scanner;

  /** A block without app, placement or actor state store (every call answers as daprd without placement). */
  public ActorsBlock() {
    this("", new SelfPlacement(""), null, false);
    noHosting();
  }

  /**
   * The block of app {@code appId}.
   *
   * @param actorStore the state store marked {@code actorStateStore: "true"}, {@code null} when none is
   * @param stateTtl whether {@code ttlInSeconds} is accepted in state transactions (daprd's {@code ActorStateTTL})
   */
  public ActorsBlock(String appId, ActorPlacement placement, StateStore actorStore, boolean stateTtl) {
    this(appId, placement, actorStore, stateTtl, Metrics.NONE);
  }

  /**
   * The block of app {@code appId}, recording daprd's actor metrics (timers and reminders fired, deactivations,
   * calls waiting for a turn) in {@code metrics}.
   */
  public ActorsBlock(String appId, ActorPlacement placement, StateStore actorStore, boolean stateTtl,
      Metrics metrics) {
    this(appId, "default", placement, actorStore, stateTtl, Clock.systemUTC(), metrics);
  }

  /**
   * The block of app {@code appId} in {@code namespace} (the caller identity of the actor calls it runs) whose
   * timers, reminders and idle deactivation follow {@code clock} (a {@link ManualClock} in tests).
   */
  public ActorsBlock(String appId, String namespace, ActorPlacement placement, StateStore actorStore,
      boolean stateTtl, Clock clock, Metrics metrics) {
    this.appId = appId;
    this.metrics = metrics;
    this.placement = placement;
    this.state = new ActorStateAccess(appId, actorStore, stateTtl);
    this.actorStore = actorStore;
    this.clock = clock;
    this.router = new ActorRouter(appId, namespace, () -> this.placement, () -> this.remote, () -> table, () -> reminders,
        () -> config);
  }

  /**
   * Places actors through a placement service instead of on this sidecar alone: {@code clusterPlacement} answers
   * lookups and tells of rounds, {@code remoteActors} calls the owners on other sidecars. Called once, before the
   * app's types are read ({@link #host}).
   */
  public void joinCluster(ActorPlacement clusterPlacement, RemoteActors remoteActors) {
    this.placement = clusterPlacement;
    this.remote = remoteActors;
    clusterPlacement.listen(router);
  }

  /**
   * What the internal API serves to other sidecars ({@code CallActor}, {@code CallActorStream},
   * {@code CallActorReminder}).
   */
  public ActorCallee callee() {
    return router;
  }

  /** The router, for the runtime's own streamed actor calls ({@link ActorRouter#invokeStream}). */
  ActorRouter router() {
    return router;
  }

  /** What an actor call does. */
  public enum Operation {
    INVOKE, GET_STATE, STATE_TRANSACTION, CREATE_REMINDER, GET_REMINDER, DELETE_REMINDER, LIST_REMINDERS,
    DELETE_REMINDERS_BY_TYPE, CREATE_TIMER, DELETE_TIMER;

    boolean hasNamedBody() {
      return this == CREATE_REMINDER || this == CREATE_TIMER;
    }

    boolean hasBody() {
      return hasNamedBody() || this == STATE_TRANSACTION;
    }
  }

  /**
   * One actor call, for the checks every operation shares.
   *
   * @param operation what it does
   * @param actorType the actor type
   * @param name the reminder or timer name, {@code null} for other operations
   * @param bodyProblem over HTTP, Go's text of why the body did not decode, {@code null} when it did (or for
   *     operations without a body)
   */
  public record Call(Operation operation, String actorType, String name, String bodyProblem) {
    /** A call without name or body. */
    public static Call of(Operation operation, String actorType) {
      return new Call(operation, actorType, null, null);
    }
  }

  /**
   * An actor method invocation.
   *
   * @param request the headers (HTTP) or metadata (gRPC), query, content type and body passed to the actor
   */
  public record Invocation(String actorType, String actorId, String method, Request request) {
  }

  // ---- hosting ----------------------------------------------------------------------------------------------

  /**
   * Reads the app's actor configuration and starts hosting its types here; with no types, there is nothing to
   * place and calls answer as daprd without placement. Called once, when the app listens.
   */
  public void host(ActorApp app) {
    try {
      install(app, app.config());
    } catch (ActorCallException e) {
      LOG.warn("the app's actor configuration could not be read, so it hosts no actors: {}", e.getMessage());
    } finally {
      hostingDecided.countDown();
    }
  }

  /**
   * Hosts the types of {@code read} through {@code app} (an app on {@code SubscribeActorEventsAlpha1}), in place of
   * the types hosted so far, whose actors are halted; no types hosts nothing, as an app without types.
   *
   * @throws IllegalStateException when the runtime is closed
   */
  public synchronized void register(ActorApp app, ActorsConfig read) {
    if (closed) {
      throw new IllegalStateException("actor runtime is closed");
    }
    unregister(config.entities());
    install(app, read);
    registrationPending = false;
    hostingDecided.countDown();
  }

  /**
   * Stops hosting {@code types}: placement no longer lists them and their actors are halted at once (their
   * deactivation goes to the app, which may fail); with no type left, timers, reminders and the idle scan stop.
   * With a placement service, the runtime status reads {@code INITIALIZING} until the next registration, as daprd's.
   */
  public synchronized void unregister(java.util.Collection<String> types) {
    ActorTable t = table;
    if (t == null || types.isEmpty()) {
      return;
    }
    registrationPending = placement.changes();
    List<String> left = config.entities().stream().filter(e -> !types.contains(e)).toList();
    config = new ActorsConfig(left, config.scanInterval(), config.drainRebalancedActors(), config.defaults(),
        config.perType());
    placement.hostedTypes(Set.copyOf(left));
    try {
      t.halt((type, id) -> types.contains(type), false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (left.isEmpty()) {
      table = null;
      config = ActorsConfig.NONE;
      stopScheduling();
    }
    LOG.info("unregistered actor types {}", types);
  }

  private synchronized void install(ActorApp app, ActorsConfig read) {
    if (!read.entities().isEmpty()) {
      config = read;
      ActorTable t = new ActorTable(app, read, clock, metrics);
      t.mayActivate((type, id) -> placement.ownsNow(type, id));
      ActorTimers tm = new ActorTimers(t, clock, metrics);
      t.onDeactivate(tm::deleteAll);
      timers = tm;
      table = t;
      if (actorStore != null) {
        ActorReminders rm = new ActorReminders(actorStore, router::deliverReminder,
            (type, id) -> placement.current(type, id).map(ActorPlacement.Owner::local).orElse(false), clock,
            metrics);
        reminders = rm;
      }
      placement.hostedTypes(Set.copyOf(read.entities()));
      if (reminders != null) {
        reminders.start(read.entities());
      }
      startScanner(read.scanInterval());
      LOG.info("hosting actor types {} ({})", read.entities(), placement.describe());
    }
  }

  /** Records that this sidecar hosts no actors (no app, or an app that is not asked). */
  public void noHosting() {
    hostingDecided.countDown();
  }

  private void startScanner(Duration interval) {
    scanner = IdleScan.start(clock, interval, () -> table, () -> closed);
  }

  /** The app's actor configuration ({@link ActorsConfig#NONE} when it hosts none). */
  public ActorsConfig config() {
    return config;
  }

  /** Whether this sidecar hosts actor types. */
  public boolean hosting() {
    return table != null;
  }

  /** The number of active actors per hosted type (types without active actors count 0). */
  public Map<String, Integer> activeActors() {
    ActorTable t = table;
    Map<String, Integer> out = new java.util.TreeMap<>();
    config.entities().forEach(e -> out.put(e, 0));
    if (t != null) {
      out.putAll(t.counts());
    }
    return out;
  }

  /** The {@code actorRuntime} section of the metadata (see {@link ActorRuntimeStatus} for daprd's states). */
  public ActorRuntimeStatus runtimeStatus() {
    if (closed || (hostingDecided.getCount() == 0 && !placement.available())) {
      return ActorRuntimeStatus.DISABLED;
    }
    if (hostingDecided.getCount() > 0 || registrationPending) {
      return new ActorRuntimeStatus("INITIALIZING", Map.of(), false, "");
    }
    String text = placement.describe();
    return new ActorRuntimeStatus("RUNNING", activeActors(), ActorRuntimeStatus.CONNECTED.equals(text), text);
  }

  /**
   * Stops taking calls, waits for the calls in flight (the app's drain timeout at most), cancels those left (their
   * callers get {@code context canceled}) and deactivates the active actors.
   */
  @Override
  public void close() {
    closed = true;
    stopScheduling();
    ActorTable t = table;
    if (t != null) {
      try {
        router.stopCalls();
        t.drain();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Stops the idle scan, the timers and the reminders. */
  private void stopScheduling() {
    Thread s = scanner;
    if (s != null) {
      s.interrupt();
    }
    ActorTimers tm = timers;
    if (tm != null) {
      tm.close();
    }
    ActorReminders rm = reminders;
    if (rm != null) {
      rm.close();
    }
  }

  // ---- invocation -------------------------------------------------------------------------------------------

  /**
   * Invokes an actor method. An answer the app marked with {@code X-Daprerrorresponseheader} is returned as is
   * (the adapter renders the app's status, headers and body).
   */
  public Reply invoke(Invocation call, Transport transport) {
    requirePlacement();
    ActorNames.validateName("actorType", call.actorType(), transport);
    ActorNames.validateName("actorId", call.actorId(), transport);
    String method;
    try {
      method = InvokeMethods.normalize(call.method());
    } catch (InvokeMethods.InvalidMethodException e) {
      throw transport == Transport.HTTP ? CommonErrors.badRequest(e.getMessage())
          : ActorNames.plainInvalidArgument("invalid actor method: " + e.getMessage());
    }
    return router.invoke(call.actorType(), call.actorId(), method, call.request());
  }

  // ---- state ------------------------------------------------------------------------------------------------

  /** The value of {@code key} of actor {@code type/id}; empty when absent. */
  public Optional<StoredValue> getState(String actorType, String actorId, String key) {
    ActorNames.rejectReserved(actorType);
    requirePlacement();
    try {
      return state.get(actorType, actorId, key).filter(v -> v.data() != null && v.data().length > 0);
    } catch (ActorStateAccess.NotUsableException | StateException e) {
      throw ActorErrors.stateGet(e.getMessage());
    }
  }

  /**
   * One operation of a state transaction.
   *
   * @param operation {@code upsert} or {@code delete} (others are refused as daprd refuses them)
   * @param hasRequest whether the operation carried a {@code request} (daprd refuses one without)
   * @param key the actor's key
   * @param value the bytes stored (HTTP: the JSON of {@code value}; gRPC: the bytes of the {@code Any}'s value)
   * @param etag an ETag, {@code null} for none
   * @param metadata the operation's metadata ({@code ttlInSeconds})
   */
  public record StateOperation(String operation, boolean hasRequest, String key, byte[] value, String etag,
      Map<String, String> metadata) {
  }

  /**
   * Runs a state transaction for an actor that is active on this sidecar.
   *
   * @param bodyProblem over HTTP, Go's text of why the body did not decode; {@code null} otherwise
   */
  public void transaction(String actorType, String actorId, List<StateOperation> operations, String bodyProblem,
      Transport transport) {
    ActorNames.rejectReserved(actorType);
    if (bodyProblem != null) {
      throw CommonErrors.malformedRequest(bodyProblem);
    }
    requirePlacement();
    if (transport == Transport.GRPC) {
      for (StateOperation o : operations) {
        if (!"upsert".equals(o.operation()) && !"delete".equals(o.operation())) {
          throw StateErrors.operationNotSupported("", o.operation());
        }
      }
    }
    ActorTable t = table;
    if (t == null || !t.exists(actorType, actorId)) {
      throw ActorErrors.instanceMissing();
    }
    try {
      state.transact(actorType, actorId, operations.stream()
          .map(o -> new ActorStateAccess.Operation(o.operation(), o.hasRequest(), o.key(), o.value(), o.etag(), o.metadata()))
          .toList());
    } catch (ActorStateAccess.NotUsableException | ActorStateAccess.InvalidOperationException
        | StateException e) {
      throw ActorErrors.stateTransactionSave(e.getMessage());
    }
  }

  // ---- timers -----------------------------------------------------------------------------------------------

  /**
   * A timer to create.
   *
   * @param data the raw JSON of {@code data} (HTTP) or the request's bytes (gRPC), {@code null} for none
   */
  public record TimerRequest(String actorType, String actorId, String name, String dueTime, String period,
      String ttl, String callback, String data) {
  }

  /**
   * Creates an in-memory timer for an actor of a type hosted here.
   *
   * @param bodyProblem over HTTP, Go's text of why the body did not decode; {@code null} otherwise
   */
  public void createTimer(TimerRequest r, String bodyProblem, Transport transport) {
    check(new Call(Operation.CREATE_TIMER, r.actorType(), r.name(), bodyProblem), transport);
    ActorTimers tm = timers;
    if (tm == null || !placement.hosts(r.actorType())) {
      throw ActorErrors.timerCreate("can't create timer for actor " + r.actorType() + "||" + r.actorId()
          + ": actor type not registered");
    }
    try {
      tm.create(new ActorTimers.Spec(r.actorType(), r.actorId(), r.name(), r.dueTime(), r.period(), r.ttl(),
          r.callback(), r.data()));
    } catch (ReminderTimes.FormatException e) {
      throw ActorErrors.timerCreate(e.getMessage());
    }
  }

  /** Deletes a timer; a timer that does not exist is not an error. */
  public void deleteTimer(String actorType, String actorId, String name, Transport transport) {
    check(new Call(Operation.DELETE_TIMER, actorType, name, null), transport);
    ActorTimers tm = timers;
    if (tm != null) {
      tm.delete(actorType, actorId, name);
    }
  }

  // ---- reminders --------------------------------------------------------------------------------------------

  /**
   * A reminder to create.
   *
   * @param data the raw JSON of {@code data}, {@code null} for none
   * @param overwrite whether an existing reminder of that name is replaced (daprd's default: yes)
   */
  public record ReminderRequest(String actorType, String actorId, String name, String dueTime, String period,
      String ttl, String data, boolean overwrite) {
  }

  /**
   * A stored reminder, as {@code GetActorReminder} answers it.
   *
   * @param ttl the expiry as daprd 1.18 reports it ({@link ReminderTimes#reportedTtl}), {@code null} for none
   */
  public record ReminderView(String actorType, String actorId, String data, String dueTime, String period,
      String ttl) {
  }

  /** Creates (or replaces) a durable reminder for an actor of a type hosted here. */
  public void createReminder(ReminderRequest r, String bodyProblem, Transport transport) {
    check(new Call(Operation.CREATE_REMINDER, r.actorType(), r.name(), bodyProblem), transport);
    ActorReminders rm = hostedReminders(r.actorType());
    ActorReminders.Entry entry;
    try {
      entry = ActorReminders.entry(r, clock.instant());
    } catch (ReminderTimes.FormatException e) {
      throw ActorErrors.reminderCreate(e.getMessage());
    }
    try {
      if (!rm.create(entry, r.overwrite())) {
        throw ActorErrors.reminderAlreadyExists(r.name());
      }
    } catch (ActorReminders.StoreException e) {
      throw ActorErrors.reminderCreate(e.getMessage());
    }
  }

  /** A stored reminder; {@code ERR_ACTOR_REMINDER_NOT_FOUND} when there is none. */
  public ReminderView getReminder(String actorType, String actorId, String name, Transport transport) {
    check(new Call(Operation.GET_REMINDER, actorType, name, null), transport);
    ActorReminders rm = hostedReminders(actorType);
    try {
      ActorReminders.Entry e = rm.get(actorType, actorId, name)
          .orElseThrow(() -> ActorErrors.reminderNotFound(name));
      return new ReminderView(actorType, actorId, e.data(), e.dueTime(), e.period(), ReminderTimes.reportedTtl(e));
    } catch (ActorReminders.StoreException e) {
      throw ActorErrors.reminderGet(e.getMessage());
    }
  }

  /** Deletes a reminder; a missing one is not an error. */
  public void deleteReminder(String actorType, String actorId, String name, Transport transport) {
    check(new Call(Operation.DELETE_REMINDER, actorType, name, null), transport);
    ActorReminders rm = hostedReminders(actorType);
    try {
      rm.delete(actorType, actorId, name);
    } catch (ActorReminders.StoreException e) {
      throw ActorErrors.reminderDelete(e.getMessage());
    }
  }

  /** A stored reminder with its name, as {@code ListActorReminders} answers it (no {@code ttl}, as daprd's list). */
  public record NamedReminder(String name, ReminderView reminder) {
  }

  /**
   * The reminders of {@code actorType} (gRPC {@code ListActorReminders}), of one actor when {@code actorId} is not
   * {@code null}; ordered by actor id, then name.
   */
  public List<NamedReminder> listReminders(String actorType, String actorId) {
    check(Call.of(Operation.LIST_REMINDERS, actorType), Transport.GRPC);
    ActorReminders rm = hostedReminders(actorType);
    try {
      return rm.list(actorType, actorId).stream().map(e -> new NamedReminder(e.name(), new ReminderView(e.type(),
          e.id(), e.data(), e.dueTime(), e.period(), null))).toList();
    } catch (ActorReminders.StoreException e) {
      throw ActorErrors.reminderGet(e.getMessage());
    }
  }

  /**
   * Deletes the reminders of {@code actorType} (gRPC {@code UnregisterActorRemindersByType}), of one actor when
   * {@code actorId} is not {@code null}; none is not an error.
   */
  public void deleteReminders(String actorType, String actorId) {
    check(Call.of(Operation.DELETE_REMINDERS_BY_TYPE, actorType), Transport.GRPC);
    ActorReminders rm = hostedReminders(actorType);
    try {
      rm.deleteAll(actorType, actorId);
    } catch (ActorReminders.StoreException e) {
      throw ActorErrors.reminderDelete(e.getMessage());
    }
  }

  /** The reminders, after daprd's checks: no actor state store, then a type not hosted here. */
  private ActorReminders hostedReminders(String actorType) {
    ActorReminders rm = reminders;
    if (rm == null) {
      throw ActorErrors.runtimeNotFound();
    }
    if (!placement.hosts(actorType)) {
      throw ActorErrors.reminderNonHosted();
    }
    return rm;
  }

  // ---- checks shared with timers and reminders --------------------------------------------------------------

  /** Runs the checks of {@code call} that daprd makes before the operation itself. */
  public void check(Call call, Transport transport) {
    if (call.operation() != Operation.INVOKE) {
      ActorNames.rejectReserved(call.actorType());
      if (transport == Transport.HTTP && call.operation().hasBody() && call.bodyProblem() != null) {
        throw CommonErrors.malformedRequest(call.bodyProblem());
      }
      if (transport == Transport.HTTP && call.operation().hasNamedBody()) {
        ActorNames.checkName(call.name());
      }
    }
    requirePlacement();
    if (transport == Transport.GRPC && call.operation().hasNamedBody()) {
      ActorNames.checkName(call.name());
    }
  }

  /** daprd's wait for the runtime, then its refusal when nothing can be placed. */
  private void requirePlacement() {
    if (closed) {
      throw ActorErrors.runtimeClosed();
    }
    try {
      if (!hostingDecided.await(HOSTING_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw ActorErrors.runtimeNotFound();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ActorErrors.runtimeNotFound();
    }
    if (!placement.available()) {
      throw ActorErrors.noPlacement();
    }
  }

  /** This sidecar's app id. */
  public String appId() {
    return appId;
  }
}
