package io.jdaprd.spi.testkit.bindings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.bindings.BindingEvent;
import io.jdaprd.spi.bindings.BindingReader;
import io.jdaprd.spi.bindings.InputBinding;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * The conformance suite of the input binding SPI, checked against a real backend. A binding component's test extends
 * this class, says how to make the component and with which metadata, and how to put an event into the backend from
 * outside ({@link #emit}); a source that makes its own events (a timer) overrides {@link #emitsOnItsOwn()} instead.
 * What the backend promises beyond the SPI is declared: whether it redelivers an event the handler refused
 * ({@link #redelivers()}), which metadata every event carries ({@link #expectedMetadataKeys()}), and how to restart
 * it ({@link #restartBackend()}). Checks of what a backend does not promise are skipped. Every check runs on a
 * freshly initialized component; the suite closes readers and components afterwards.
 */
public abstract class InputBindingConformance {

  /** The component name the suite gives every instance. */
  public static final String COMPONENT_NAME = "conformance";
  /** The app id the suite runs as. */
  public static final String APP_ID = "testapp";
  /** How long an event may take to arrive when nothing goes wrong. */
  public static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(20);
  /** How long a check watches for something that must not happen. */
  public static final Duration QUIET_PERIOD = Duration.ofMillis(800);

  private final List<BindingReader> readers = new ArrayList<>();
  private final List<InputBinding> opened = new ArrayList<>();
  private InputBinding binding;
  private String uniquePart;

  /**
   * A new, uninitialized component; the suite calls {@code init} itself.
   *
   * @param metadata the metadata the suite will initialize it with
   */
  protected abstract InputBinding createBinding(ComponentMetadata metadata) throws Exception;

  /**
   * The metadata properties the component needs; for a redelivering backend with short redelivery timings, so that
   * a refused event comes back within {@link #redeliveryTimeout()}.
   */
  protected abstract Map<String, String> bindingMetadata();

  /** The component type, for example {@code bindings.cron}. */
  protected abstract String bindingType();

  /**
   * Puts one event with {@code data} into the backend from outside the component (publishes to the queue, writes
   * the row). The default skips the checks that need it; a source that cannot be fed overrides
   * {@link #emitsOnItsOwn()}.
   */
  protected void emit(byte[] data) throws Exception {
    throw new TestAbortedException(getClass().getSimpleName() + " cannot put events into its backend; the checks"
        + " that need it are skipped");
  }

  /** Whether the source makes events by itself, about every {@link #ownEventInterval()} (a timer). */
  protected boolean emitsOnItsOwn() {
    return false;
  }

  /** For a source that makes its own events: the longest time between two of them. */
  protected Duration ownEventInterval() {
    return Duration.ofSeconds(1);
  }

  /** Whether the backend delivers again an event the handler refused (a queue, a log); default {@code false}. */
  protected boolean redelivers() {
    return false;
  }

  /** How long a redelivering backend may take to deliver a refused event again; default 15 seconds. */
  protected Duration redeliveryTimeout() {
    return Duration.ofSeconds(15);
  }

  /**
   * Whether the component calls the handler for one event at a time per reader (the SPI's default promise);
   * a component documented to deliver concurrently overrides this with {@code false}.
   */
  protected boolean deliversOneAtATime() {
    return true;
  }

  /** The metadata keys every event carries (for example {@code topic}); default none. */
  protected Set<String> expectedMetadataKeys() {
    return Set.of();
  }

  /**
   * Returns once a reader just started is ready to receive what {@link #emit} puts in (a subscription confirmed, a
   * consumer group joined). The default returns at once.
   */
  protected void awaitReading(BindingReader reader) throws Exception {
  }

  /**
   * Stops the backend and starts it again on the same address, keeping its data. The default skips the reconnect
   * check.
   */
  protected void restartBackend() throws Exception {
    throw new TestAbortedException(getClass().getSimpleName() + " cannot restart its backend; the reconnect check is"
        + " skipped");
  }

  /** The metadata the suite initializes components with: name, type, version {@code v1}, app id, properties. */
  protected ComponentMetadata componentMetadata() {
    return new ComponentMetadata(COMPONENT_NAME, bindingType(), "v1", APP_ID, bindingMetadata());
  }

  /** Creates and initializes another component; the suite closes it after the test. */
  protected final InputBinding openBinding() throws Exception {
    ComponentMetadata metadata = componentMetadata();
    InputBinding created = createBinding(metadata);
    opened.add(created);
    created.init(metadata);
    return created;
  }

  /** The component under test: initialized, fresh for every check. */
  protected final InputBinding binding() {
    return binding;
  }

  /** A text only the running check uses, ending with {@code name}. */
  protected final String text(String name) {
    return "conformance-" + uniquePart + "-" + name;
  }

  /** Starts reading on {@code source} into {@code handler}; the suite closes the reader after the test. */
  protected final BindingReader read(InputBinding source, EventLog handler) throws Exception {
    BindingReader reader = source.read(handler);
    assertThat(reader).as("read() returns a reader").isNotNull();
    readers.add(reader);
    awaitReading(reader);
    return reader;
  }

  @BeforeEach
  protected final void openBindingUnderTest() throws Exception {
    uniquePart = UUID.randomUUID().toString().substring(0, 8);
    binding = openBinding();
  }

  @AfterEach
  protected final void closeReadersAndBindings() {
    readers.forEach(BindingReader::close);
    readers.clear();
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
    opened.clear();
  }

  private void emitText(String text) throws Exception {
    emit(text.getBytes(StandardCharsets.UTF_8));
  }

  /** How long to wait for {@code count} events: emitted ones arrive within the delivery timeout, own ones later. */
  private Duration waitFor(int count) {
    return emitsOnItsOwn() ? DELIVERY_TIMEOUT.plus(ownEventInterval().multipliedBy(count)) : DELIVERY_TIMEOUT;
  }

  @Test
  @DisplayName("events reach the handler with their data")
  void eventsDelivered() throws Exception {
    EventLog log = new EventLog();
    read(binding, log);
    if (emitsOnItsOwn()) {
      assertThat(log.awaitTaken(2, waitFor(2))).as("Dapr: the source's events reach the app, one after the other")
          .isTrue();
      return;
    }
    List<String> texts = List.of(text("one"), text("two \u2603"), text("three"));
    for (String t : texts) {
      emitText(t);
    }
    assertThat(log.awaitTexts(texts, DELIVERY_TIMEOUT))
        .as("Dapr: every event reaches the app with the data put in the backend; taken: %s", log.takenTexts())
        .isTrue();
  }

  @Test
  @DisplayName("every event carries the backend's metadata")
  void eventsCarryMetadata() throws Exception {
    assumeTrue(!expectedMetadataKeys().isEmpty(), "the backend promises no event metadata");
    EventLog log = new EventLog();
    read(binding, log);
    if (!emitsOnItsOwn()) {
      emitText(text("meta"));
    }
    assertThat(log.awaitTaken(1, waitFor(1))).as("an event arrived").isTrue();
    BindingEvent event = log.taken().get(0);
    assertThat(event.metadata()).as("Dapr: the app gets the backend's metadata as headers")
        .containsKeys(expectedMetadataKeys().toArray(String[]::new));
  }

  @Test
  @DisplayName("REDELIVERS: an event the handler refused is delivered again")
  void refusedEventIsRedelivered() throws Exception {
    assumeTrue(redelivers(), "the backend does not redeliver refused events");
    AtomicBoolean refused = new AtomicBoolean();
    String text = text("retry");
    EventLog log = new EventLog(event -> {
      if (EventLog.text(event).equals(text) && refused.compareAndSet(false, true)) {
        throw new IllegalStateException("conformance: the first attempt is refused on purpose");
      }
    });
    read(binding, log);
    emitText(text);
    assertThat(log.awaitAttempts(1, DELIVERY_TIMEOUT)).as("the event arrived the first time").isTrue();
    assertThat(log.awaitTexts(List.of(text), redeliveryTimeout()))
        .as("Dapr: a non-2xx answer of the app leaves the event with the backend, which delivers it again within %s;"
            + " attempts: %s", redeliveryTimeout(), log.attemptTexts())
        .isTrue();
    assertThat(log.attemptTexts().stream().filter(text::equals).count()).as("refused once, then taken")
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  @DisplayName("a handler that throws does not stop later events")
  void refusalDoesNotStopReading() throws Exception {
    AtomicBoolean refused = new AtomicBoolean();
    EventLog log = new EventLog(event -> {
      if (refused.compareAndSet(false, true)) {
        throw new IllegalStateException("conformance: the first event is refused on purpose");
      }
    });
    read(binding, log);
    if (emitsOnItsOwn()) {
      assertThat(log.awaitTaken(1, waitFor(2))).as("Dapr: the next event arrives after a refused one").isTrue();
      return;
    }
    emitText(text("refused"));
    assertThat(log.awaitAttempts(1, DELIVERY_TIMEOUT)).as("the first event arrived").isTrue();
    List<String> later = List.of(text("later-1"), text("later-2"));
    for (String t : later) {
      emitText(t);
    }
    assertThat(log.awaitTexts(later, DELIVERY_TIMEOUT.plus(redelivers() ? redeliveryTimeout() : Duration.ZERO)))
        .as("Dapr: reading goes on after the app refused an event; attempts: %s", log.attemptTexts()).isTrue();
  }

  @Test
  @DisplayName("a closed reader delivers nothing more, and closing twice is harmless")
  void closeStopsDelivery() throws Exception {
    EventLog log = new EventLog();
    BindingReader reader = read(binding, log);
    if (!emitsOnItsOwn()) {
      emitText(text("before"));
    }
    assertThat(log.awaitTaken(1, waitFor(1))).as("an event arrived before close").isTrue();
    reader.close();
    reader.close();
    int attemptsAtClose = log.attempts().size();
    if (emitsOnItsOwn()) {
      Thread.sleep(ownEventInterval().plus(QUIET_PERIOD).toMillis());
    } else {
      emitText(text("after"));
      Thread.sleep(QUIET_PERIOD.toMillis());
    }
    assertThat(log.attemptTexts()).as("Dapr: a closed reader (sidecar shutting down) hands nothing to the app")
        .hasSize(attemptsAtClose);
  }

  @Test
  @DisplayName("close() waits for the handler call in flight")
  void closeWaitsForHandlerInFlight() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    EventLog log = new EventLog(event -> {
      entered.countDown();
      release.await(60, TimeUnit.SECONDS);
    });
    BindingReader reader = read(binding, log);
    if (!emitsOnItsOwn()) {
      emitText(text("slow"));
    }
    assertThat(entered.await(waitFor(1).toMillis(), TimeUnit.MILLISECONDS)).as("an event arrived").isTrue();
    CompletableFuture<Void> closing = CompletableFuture.runAsync(reader::close);
    Thread.sleep(QUIET_PERIOD.toMillis());
    boolean returnedEarly = closing.isDone();
    release.countDown();
    closing.get(60, TimeUnit.SECONDS);
    assertThat(returnedEarly).as("SPI: close() waits for the handler calls in flight (bounded)").isFalse();
    assertThat(log.takenCount()).as("the handler in flight finished").isEqualTo(1);
  }

  @Test
  @DisplayName("the handler is called for one event at a time")
  void oneEventAtATime() throws Exception {
    assumeTrue(deliversOneAtATime(), "the component is documented to deliver concurrently");
    EventLog log = new EventLog(event -> Thread.sleep(30));
    read(binding, log);
    if (emitsOnItsOwn()) {
      assertThat(log.awaitTaken(2, waitFor(2))).as("two events arrived").isTrue();
    } else {
      List<String> texts = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        texts.add(text("seq-" + i));
        emitText(texts.get(i));
      }
      assertThat(log.awaitTexts(texts, DELIVERY_TIMEOUT)).as("all events arrived").isTrue();
    }
    assertThat(log.maxConcurrent()).as("SPI: one handler call at a time per reader").isEqualTo(1);
  }

  @Test
  @DisplayName("a component can read again after a reader was closed")
  void readsAgainAfterClose() throws Exception {
    EventLog first = new EventLog();
    read(binding, first).close();
    EventLog second = new EventLog();
    read(binding, second);
    if (!emitsOnItsOwn()) {
      emitText(text("again"));
    }
    assertThat(second.awaitTaken(1, waitFor(1))).as("the new reader gets events").isTrue();
  }

  @Test
  @DisplayName("events put in while the backend restarts are delivered after it is back")
  void survivesBackendRestart() throws Exception {
    EventLog log = new EventLog();
    read(binding, log);
    restartBackend();
    String text = text("after-restart");
    long deadline = System.nanoTime() + DELIVERY_TIMEOUT.toNanos();
    boolean emitted = false;
    while (!emitted) {
      try {
        emitText(text);
        emitted = true;
      } catch (Exception e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
    assertThat(log.awaitTexts(List.of(text), DELIVERY_TIMEOUT.plus(DELIVERY_TIMEOUT)))
        .as("the component reconnects by itself when its backend goes away").isTrue();
  }
}
