package io.jdaprd.components.redis;

import io.jdaprd.spi.pubsub.Message;
import io.jdaprd.spi.pubsub.MessageHandler;
import io.jdaprd.spi.pubsub.PubSubException;
import io.jdaprd.spi.pubsub.Subscription;
import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.models.stream.PendingMessage;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One subscription of {@code pubsub.redis}: a consumer group of one stream, read by two virtual threads.
 *
 * <ul>
 *   <li>The <em>reader</em> takes up to {@code queueDepth} new entries at a time
 *       ({@code XREADGROUP GROUP <group> <group> COUNT <queueDepth> BLOCK 1000 STREAMS <topic> >}) on a connection of
 *       its own, and hands each to a handler thread, waiting while {@code concurrency} handlers are running.</li>
 *   <li>The <em>reclaimer</em> (only when redelivery is on) looks, at once and then every {@code redeliverInterval},
 *       at the first {@code queueDepth} pending entries of the group ({@code XPENDING <topic> <group> - + n}),
 *       claims those idle for at least {@code processingTimeout} that this process is not handling
 *       ({@code XCLAIM}), and hands them to handlers like new ones.</li>
 * </ul>
 *
 * A handler that returns acknowledges its entry ({@code XACK}); one that throws leaves it pending. Errors of either
 * loop are logged (the first of a series as a warning) and the reader tries again after a pause of 50 ms doubling up
 * to 1 s, the reclaimer at its next turn; a group that Redis lost ({@code NOGROUP}) is created again. {@link #close()} stops both loops, closes the reading connection and waits up to 30 s for the
 * handlers in flight; entries read but not yet handled stay pending for redelivery.
 */
final class StreamSubscription implements Subscription {
  private static final System.Logger LOG = System.getLogger(StreamSubscription.class.getName());
  private static final Duration FIRST_PAUSE = Duration.ofMillis(50);
  private static final Duration LONGEST_PAUSE = Duration.ofSeconds(1);
  private static final Duration LOOP_STOP_WAIT = Duration.ofSeconds(5);
  private static final Duration HANDLER_WAIT = Duration.ofSeconds(30);
  private static final String START_OF_STREAM = "0";

  /**
   * What a subscription reads.
   *
   * @param component how log lines and errors name the component
   * @param topic the topic, which is the stream's key
   * @param group the consumer group, which is also the consumer name
   */
  record Target(String component, String topic, String group) {
  }

  private final Target target;
  private final MessageHandler handler;
  private final RedisPubSubSettings settings;
  private final RedisLink link;
  private final RedisFailures failures;
  private final Set<String> inFlight;
  private final java.util.function.Consumer<StreamSubscription> onClosed;
  private final Consumer<String> consumer;
  private final Semaphore handlerSlots;
  private final ExecutorService handlers;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile RedisLink.Dedicated reading;
  private volatile Thread reader;
  private volatile Thread reclaimer;

  /**
   * A subscription that starts with {@link #start()}.
   *
   * @param inFlight the keys ({@link #inFlightKey}) of the entries this process is handling, shared by the
   *     subscriptions of one component so that none claims what another is still handling
   * @param onClosed told once when the subscription is closed
   */
  StreamSubscription(Target target, MessageHandler handler, RedisPubSubSettings settings, RedisLink link,
      RedisFailures failures, Set<String> inFlight, java.util.function.Consumer<StreamSubscription> onClosed) {
    this.target = target;
    this.handler = handler;
    this.settings = settings;
    this.link = link;
    this.failures = failures;
    this.inFlight = inFlight;
    this.onClosed = onClosed;
    this.consumer = Consumer.from(target.group(), target.group());
    this.handlerSlots = new Semaphore(settings.concurrency());
    this.handlers = Executors.newThreadPerTaskExecutor(
        Thread.ofVirtual().name("redis-pubsub-" + target.topic() + "-handler-", 0).factory());
  }

  /**
   * Creates the consumer group if it does not exist, opens the reading connection and starts the loops.
   *
   * @throws PubSubException when Redis cannot be reached or refuses to create the group
   */
  void start() throws PubSubException {
    try {
      createGroup();
      reading = link.dedicated();
    } catch (ExecutionException | RuntimeException | InterruptedException e) {
      throw failures.ofPubSub("subscribing to topic " + target.topic(), e);
    }
    reader = Thread.ofVirtual().name("redis-pubsub-" + target.topic() + "-reader").start(this::readLoop);
    if (settings.redeliveryEnabled()) {
      reclaimer = Thread.ofVirtual().name("redis-pubsub-" + target.topic() + "-reclaimer").start(this::reclaimLoop);
    }
  }

  /** Stops reading and claiming, then waits (up to 30 s) for the handlers in flight. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      stop(reader);
      stop(reclaimer);
      RedisLink.Dedicated connection = reading;
      if (connection != null) {
        try {
          connection.close();
        } catch (RuntimeException e) {
          LOG.log(Level.DEBUG, () -> target.component() + ": closing the reading connection of topic "
              + target.topic() + " failed: " + RedisFailures.describe(e));
        }
      }
      handlers.shutdown();
      if (!handlers.awaitTermination(HANDLER_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.log(Level.WARNING, () -> target.component() + ": handlers of topic " + target.topic()
            + " still running " + HANDLER_WAIT.toSeconds() + " s after close; their entries stay pending");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      onClosed.accept(this);
    }
  }

  private void readLoop() {
    XReadArgs args = new XReadArgs().block(RedisLink.LONGEST_BLOCK).count(settings.queueDepth());
    Duration pause = FIRST_PAUSE;
    boolean failing = false;
    while (!closed.get()) {
      List<StreamMessage<String, byte[]>> entries;
      try {
        entries = reading.commands().xreadgroup(consumer, args, StreamOffset.lastConsumed(target.topic())).get();
        if (failing) {
          LOG.log(Level.INFO, () -> target.component() + ": reading topic " + target.topic() + " again");
        }
        failing = false;
        pause = FIRST_PAUSE;
      } catch (InterruptedException e) {
        return;
      } catch (ExecutionException | RuntimeException e) {
        if (closed.get()) {
          return;
        }
        recover("reading", e, failing ? Level.DEBUG : Level.WARNING);
        failing = true;
        if (!sleep(pause)) {
          return;
        }
        pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
        continue;
      }
      if (entries != null && !dispatchAll(entries)) {
        return;
      }
    }
  }

  private void reclaimLoop() {
    boolean failing = false;
    while (!closed.get()) {
      try {
        reclaim();
        failing = false;
      } catch (InterruptedException e) {
        return;
      } catch (ExecutionException | RuntimeException e) {
        if (closed.get()) {
          return;
        }
        recover("redelivering pending entries of", e, failing ? Level.DEBUG : Level.WARNING);
        failing = true;
      }
      if (!sleep(settings.redeliverInterval())) {
        return;
      }
    }
  }

  /** Claims and dispatches the pending entries idle for {@code processingTimeout} that nobody here handles. */
  private void reclaim() throws ExecutionException, InterruptedException {
    long minIdle = settings.processingTimeout().toMillis();
    while (!closed.get()) {
      List<PendingMessage> pending = link.call(commands -> commands.xpending(target.topic(), target.group(),
          Range.unbounded(), Limit.from(settings.queueDepth())));
      String[] idle = pending.stream()
          .filter(p -> p.getMsSinceLastDelivery() >= minIdle && !inFlight.contains(inFlightKey(p.getId())))
          .map(PendingMessage::getId)
          .toArray(String[]::new);
      if (idle.length == 0) {
        return;
      }
      List<StreamMessage<String, byte[]>> claimed = link.call(commands -> commands.xclaim(target.topic(), consumer,
          minIdle, idle));
      if (claimed.isEmpty() || !dispatchAll(claimed)) {
        return;
      }
    }
  }

  /** Hands each entry to a handler; false when the subscription closed (or the thread was interrupted) meanwhile. */
  private boolean dispatchAll(List<StreamMessage<String, byte[]>> entries) {
    for (StreamMessage<String, byte[]> entry : entries) {
      if (!dispatch(entry)) {
        return false;
      }
    }
    return true;
  }

  private boolean dispatch(StreamMessage<String, byte[]> entry) {
    String key = inFlightKey(entry.getId());
    if (!inFlight.add(key)) {
      return true;
    }
    try {
      handlerSlots.acquire();
    } catch (InterruptedException e) {
      inFlight.remove(key);
      return false;
    }
    if (closed.get()) {
      release(key);
      return false;
    }
    try {
      handlers.execute(() -> handle(entry, key));
      return true;
    } catch (RejectedExecutionException e) {
      release(key);
      return false;
    }
  }

  private void handle(StreamMessage<String, byte[]> entry, String key) {
    try {
      Map<String, byte[]> body = entry.getBody();
      if (body == null || body.isEmpty()) {
        acknowledge(entry.getId());
        return;
      }
      handler.handle(new Message(target.topic(), body.get(StreamEntries.DATA), null, metadata(entry)));
      acknowledge(entry.getId());
    } catch (Exception e) {
      LOG.log(Level.WARNING, () -> target.component() + ": the handler of topic " + target.topic()
          + " failed on entry " + entry.getId() + "; it stays pending for redelivery: " + e);
    } finally {
      release(key);
    }
  }

  private Map<String, String> metadata(StreamMessage<String, byte[]> entry) {
    byte[] json = entry.getBody().get(StreamEntries.METADATA);
    if (json == null) {
      return Map.of();
    }
    try {
      return StreamEntries.fromJson(new String(json, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      LOG.log(Level.WARNING, () -> target.component() + ": entry " + entry.getId() + " of topic " + target.topic()
          + " has unreadable metadata, delivered without it: " + e.getMessage());
      return Map.of();
    }
  }

  private void acknowledge(String id) {
    try {
      link.call(commands -> commands.xack(target.topic(), target.group(), id));
    } catch (ExecutionException | RuntimeException e) {
      LOG.log(Level.WARNING, () -> failures.message("acknowledging entry " + id + " of topic " + target.topic(), e)
          + "; it will be delivered again");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void release(String key) {
    inFlight.remove(key);
    handlerSlots.release();
  }

  /**
   * Logs a failure of a loop at {@code level} (a warning for the first of a series, then debug) and, when Redis
   * lost the consumer group, creates it again.
   */
  private void recover(String operation, Exception failure, Level level) {
    LOG.log(level, () -> failures.message(operation + " topic " + target.topic(), failure));
    if (noGroup(failure)) {
      try {
        createGroup();
        LOG.log(Level.WARNING, () -> target.component() + ": created consumer group " + target.group()
            + " of topic " + target.topic() + " again: Redis had lost it (data loss, or the stream was deleted)");
      } catch (ExecutionException | RuntimeException e) {
        LOG.log(Level.WARNING, () -> failures.message("creating the consumer group of topic " + target.topic(), e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** {@code XGROUP CREATE <topic> <group> 0 MKSTREAM}; a group that exists already ({@code BUSYGROUP}) is kept. */
  private void createGroup() throws ExecutionException, InterruptedException {
    try {
      link.call(commands -> commands.xgroupCreate(StreamOffset.from(target.topic(), START_OF_STREAM),
          target.group(), new XGroupCreateArgs().mkstream(true)));
    } catch (ExecutionException | RuntimeException e) {
      if (!answered(e, "BUSYGROUP")) {
        throw e;
      }
    }
  }

  private String inFlightKey(String id) {
    return target.topic() + '\n' + target.group() + '\n' + id;
  }

  private static boolean noGroup(Throwable failure) {
    return answered(failure, "NOGROUP");
  }

  private static boolean answered(Throwable failure, String errorCode) {
    Throwable t = RedisFailures.unwrap(failure);
    return t instanceof RedisCommandExecutionException && t.getMessage() != null
        && t.getMessage().startsWith(errorCode);
  }

  private static boolean sleep(Duration pause) {
    try {
      Thread.sleep(pause);
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }

  private static void stop(Thread loop) throws InterruptedException {
    if (loop != null && loop != Thread.currentThread()) {
      loop.interrupt();
      if (!loop.join(LOOP_STOP_WAIT)) {
        LOG.log(Level.WARNING, () -> loop.getName() + " did not stop within " + LOOP_STOP_WAIT.toSeconds() + " s");
      }
    }
  }
}
