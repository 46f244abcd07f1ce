package io.jdaprd.spi.testkit.bindings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.bindings.BindingException;
import io.jdaprd.spi.bindings.BindingRequest;
import io.jdaprd.spi.bindings.BindingResponse;
import io.jdaprd.spi.bindings.OutputBinding;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * The conformance suite of the output binding SPI, checked against a real backend. A binding component's test
 * extends this class, says how to make the component and with which metadata, and supplies the backend-specific
 * steps: the invocation that puts data into the backend under a key ({@link #deliveryRequest}), a look at the
 * backend that does not go through the binding ({@link #awaitDelivered}), and optionally an invocation that reads
 * the data back ({@link #readRequest}) and one that must fail ({@link #failingRequest}). Every check runs on a
 * freshly initialized component with keys no other check uses; the suite closes the component afterwards. The
 * checks whose optional step the test does not supply are skipped.
 *
 * <pre>{@code
 * class MyBindingTest extends OutputBindingConformance {
 *   protected OutputBinding createBinding(ComponentMetadata metadata) { return new MyBinding(); }
 *   protected Map<String, String> bindingMetadata() { return Map.of("url", server.url()); }
 *   protected String bindingType() { return "bindings.mine"; }
 *   protected List<String> expectedOperations() { return List.of("create"); }
 *   protected BindingRequest deliveryRequest(String key, byte[] data) { ... }
 *   protected byte[] awaitDelivered(String key, Duration timeout) { ... }
 * }
 * }</pre>
 */
public abstract class OutputBindingConformance {

  /** The component name the suite gives every instance. */
  public static final String COMPONENT_NAME = "conformance";
  /** The app id the suite runs as. */
  public static final String APP_ID = "testapp";
  /** How long the backend may take to show what an invocation put there. */
  public static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(20);

  private final List<OutputBinding> opened = new ArrayList<>();
  private OutputBinding binding;
  private String uniquePart;

  /**
   * A new, uninitialized component; the suite calls {@code init} itself.
   *
   * @param metadata the metadata the suite will initialize it with
   */
  protected abstract OutputBinding createBinding(ComponentMetadata metadata) throws Exception;

  /** The metadata properties the component needs (the backend's address, a table, a queue). */
  protected abstract java.util.Map<String, String> bindingMetadata();

  /** The component type, for example {@code bindings.http}. */
  protected abstract String bindingType();

  /** The operations the component must list, in the order daprd's metadata API shows them. */
  protected abstract List<String> expectedOperations();

  /**
   * The invocation that puts {@code data} into the backend so that {@link #awaitDelivered} finds it under
   * {@code key} (a file name, a row key, a message key or a path).
   */
  protected abstract BindingRequest deliveryRequest(String key, byte[] data);

  /**
   * Looks at the backend directly (not through the binding) and returns the bytes an invocation put there under
   * {@code key}, waiting up to {@code timeout}; {@code null} when nothing arrived in time.
   */
  protected abstract byte[] awaitDelivered(String key, Duration timeout) throws Exception;

  /**
   * The invocation whose answer carries the data stored under {@code key} by {@link #deliveryRequest}; empty (the
   * default) when the binding has no such operation, which skips the read-back check.
   */
  protected Optional<BindingRequest> readRequest(String key) {
    return Optional.empty();
  }

  /**
   * An invocation of a listed operation that must fail with a {@link BindingException} (a missing file, a target
   * answering an error, a refused statement). The default skips the failure check.
   */
  protected BindingRequest failingRequest() {
    throw new TestAbortedException(getClass().getSimpleName() + " supplies no failing request; the failure check is"
        + " skipped");
  }

  /** The metadata the suite initializes components with: name, type, version {@code v1}, app id, properties. */
  protected ComponentMetadata componentMetadata() {
    return new ComponentMetadata(COMPONENT_NAME, bindingType(), "v1", APP_ID, bindingMetadata());
  }

  /** Creates and initializes another component; the suite closes it after the test. */
  protected final OutputBinding openBinding() throws Exception {
    ComponentMetadata metadata = componentMetadata();
    OutputBinding created = createBinding(metadata);
    opened.add(created);
    created.init(metadata);
    return created;
  }

  /** The component under test: initialized, fresh for every check. */
  protected final OutputBinding binding() {
    return binding;
  }

  /** A key only the running check uses, ending with {@code name}. */
  protected final String key(String name) {
    return "conformance-" + uniquePart + "-" + name;
  }

  @BeforeEach
  protected final void openBindingUnderTest() throws Exception {
    uniquePart = UUID.randomUUID().toString().substring(0, 8);
    binding = openBinding();
  }

  @AfterEach
  protected final void closeBindings() {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
    opened.clear();
  }

  @Test
  @DisplayName("operations() lists exactly the expected operations, in order, without duplicates")
  void operationsListed() {
    List<String> operations = binding.operations();
    assertThat(operations).as("Dapr: the metadata API shows the binding's operations").isNotNull()
        .doesNotContainNull().doesNotHaveDuplicates().containsExactlyElementsOf(expectedOperations());
    assertThat(binding.operations()).as("operations are fixed after init").isEqualTo(operations);
  }

  @Test
  @DisplayName("an invocation puts its data into the backend, byte for byte")
  void invocationReachesBackend() throws Exception {
    byte[] data = "{\"conformance\":\"h\u00e9llo \u2603\"}".getBytes(StandardCharsets.UTF_8);
    String key = key("deliver");
    BindingResponse response = binding.invoke(deliveryRequest(key, data));
    assertThat(response).as("invoke answers BindingResponse.EMPTY rather than null").isNotNull();
    assertThat(awaitDelivered(key, DELIVERY_TIMEOUT)).as("Dapr: the backend received what the app sent")
        .isEqualTo(data);
  }

  @Test
  @DisplayName("a larger payload arrives whole")
  void largerPayloadArrivesWhole() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; text.length() < 64 * 1024; i++) {
      text.append("line ").append(i).append(" of the conformance payload\n");
    }
    byte[] data = text.toString().getBytes(StandardCharsets.UTF_8);
    String key = key("large");
    binding.invoke(deliveryRequest(key, data));
    byte[] delivered = awaitDelivered(key, DELIVERY_TIMEOUT);
    assertThat(delivered).as("the payload arrived").isNotNull();
    assertThat(java.util.Arrays.mismatch(delivered, data))
        .as("%d bytes arrived, %d sent: first difference", delivered.length, data.length).isEqualTo(-1);
  }

  @Test
  @DisplayName("the answer of a read carries the data stored before")
  void readAnswerCarriesData() throws Exception {
    String key = key("read");
    BindingRequest read = readRequest(key).orElseThrow(() -> new TestAbortedException(getClass().getSimpleName()
        + " has no read operation; the read-back check is skipped"));
    byte[] data = "read me back".getBytes(StandardCharsets.UTF_8);
    binding.invoke(deliveryRequest(key, data));
    assertThat(awaitDelivered(key, DELIVERY_TIMEOUT)).as("the data arrived before it is read").isEqualTo(data);
    BindingResponse answer = binding.invoke(read);
    assertThat(answer.data()).as("Dapr: the binding answers the data it read").isEqualTo(data);
  }

  @Test
  @DisplayName("a failing invocation throws BindingException with a message")
  void failingInvocationThrowsBindingException() {
    BindingRequest failing = failingRequest();
    assertThat(binding.operations()).as("the failing request uses a listed operation").contains(failing.operation());
    assertThatThrownBy(() -> binding.invoke(failing))
        .as("Dapr: a failed operation reaches the app as ERR_INVOKE_OUTPUT_BINDING with the component's message")
        .isInstanceOf(BindingException.class)
        .satisfies(e -> assertThat(e.getMessage()).as("the message tells what failed").isNotBlank());
  }

  @Test
  @DisplayName("concurrent invocations all arrive")
  void concurrentInvocationsAllArrive() throws Exception {
    int count = 8;
    ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    try {
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String key = key("parallel-" + i);
        byte[] data = ("parallel " + i).getBytes(StandardCharsets.UTF_8);
        calls.add(pool.submit(() -> binding.invoke(deliveryRequest(key, data))));
      }
      for (Future<?> call : calls) {
        call.get();
      }
    } finally {
      pool.shutdown();
    }
    java.util.Set<String> missing = new HashSet<>();
    for (int i = 0; i < count; i++) {
      byte[] delivered = awaitDelivered(key("parallel-" + i), DELIVERY_TIMEOUT);
      if (delivered == null || !new String(delivered, StandardCharsets.UTF_8).equals("parallel " + i)) {
        missing.add("parallel-" + i);
      }
    }
    assertThat(missing).as("the component is thread-safe: every concurrent invocation arrived intact").isEmpty();
  }

  @Test
  @DisplayName("a second instance over the same backend works alongside the first")
  void secondInstanceWorks() throws Exception {
    OutputBinding second = openBinding();
    String key = key("second");
    byte[] data = "from the second instance".getBytes(StandardCharsets.UTF_8);
    second.invoke(deliveryRequest(key, data));
    assertThat(awaitDelivered(key, DELIVERY_TIMEOUT)).as("two sidecars may load the same binding").isEqualTo(data);
  }
}
