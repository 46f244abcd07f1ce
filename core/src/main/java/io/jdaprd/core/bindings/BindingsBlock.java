package io.jdaprd.core.bindings;

import io.jdaprd.core.component.InFlight;
import io.jdaprd.core.metrics.Metrics;
import io.jdaprd.core.resiliency.Resiliency;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.factories.BindingErrors;
import io.jdaprd.spi.Component;
import io.jdaprd.spi.bindings.BindingException;
import io.jdaprd.spi.bindings.BindingRequest;
import io.jdaprd.spi.bindings.BindingResponse;
import io.jdaprd.spi.bindings.OutputBinding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bindings building block. Output: {@link #invoke} checks a call in daprd's order (operation present, binding
 * known, operation listed) and calls the component. Input: {@link #startReading} asks the app which input bindings
 * it takes (unless a binding's {@code direction} names {@code input}) and hands each event of those to the app,
 * one {@link InputDelivery} per binding; {@link #stopReading} stops them, before the components are closed.
 *
 * <p>Hot reload puts and removes bindings while calls run ({@link #put}, {@link #remove}): an output call uses the
 * binding of its lookup (one volatile read) and is counted in flight on it, so the reloader closes a binding taken
 * out only after its calls; an input binding taken out stops being read (its events in flight finish first), and one
 * put in once the app's bindings are read is probed and read as at start. Thread-safe.
 */
public final class BindingsBlock implements AutoCloseable {
  /** The operation daprd uses to forward a gRPC app's answer to the output bindings it names. */
  static final String CREATE = "create";
  private static final Logger LOG = LoggerFactory.getLogger(BindingsBlock.class);

  /** The bindings of now and the calls in flight on each output binding, swapped as one. */
  private record Live(Bindings bindings, Map<String, InFlight> calls) {
    static Live of(Bindings bindings) {
      Map<String, InFlight> calls = new LinkedHashMap<>();
      bindings.outputs().keySet().forEach(n -> calls.put(n, new InFlight()));
      return new Live(bindings, Map.copyOf(calls));
    }
  }

  private volatile Live live;
  private final Metrics metrics;
  private final Map<String, InputDelivery> running = new LinkedHashMap<>();
  private BindingApp app;
  private boolean stopped;
  private final Resiliency resiliency;

  /** The block over {@code bindings}. */
  public BindingsBlock(Bindings bindings) {
    this(bindings, Metrics.NONE, Resiliency.builtIn());
  }

  /** {@link #BindingsBlock(Bindings)} recording each output binding call in {@code metrics}. */
  public BindingsBlock(Bindings bindings, Metrics metrics) {
    this(bindings, metrics, Resiliency.builtIn());
  }

  /**
   * The block over {@code bindings}, whose output calls run under each binding's outbound policy (a timeout or an
   * open breaker fails the call as the binding would, with daprd's text as the reason).
   */
  public BindingsBlock(Bindings bindings, Resiliency resiliency) {
    this(bindings, Metrics.NONE, resiliency);
  }

  /** The block over {@code bindings}, recording each output call in {@code metrics}, under {@code resiliency}. */
  public BindingsBlock(Bindings bindings, Metrics metrics, Resiliency resiliency) {
    this.live = Live.of(bindings);
    this.metrics = metrics;
    this.resiliency = resiliency;
  }

  /** A block without bindings. */
  public BindingsBlock() {
    this(Bindings.NONE);
  }

  /** The bindings this block serves. */
  public Bindings bindings() {
    return live.bindings();
  }

  /**
   * Invokes output binding {@code name} as daprd's {@code SendToOutputBinding}: an empty operation is
   * {@code operation field is missing from request}, an unknown binding {@code couldn't find output binding}, an
   * operation the binding does not list {@code does not support operation}, all as ERR_INVOKE_OUTPUT_BINDING; a
   * component failure is the same error with the component's message, and its metadata travels back.
   */
  public BindingInvocation invoke(String name, BindingRequest request) {
    if (request.operation() == null || request.operation().isEmpty()) {
      return failed(BindingErrors.operationMissing(name));
    }
    Live seen = null;
    while (true) {
      Live now = live;
      OutputBinding binding = now.bindings().outputs().get(name);
      InFlight calls = binding == null ? null : now.calls().get(name);
      if (binding == null || seen != null && seen.bindings().outputs().get(name) == binding) {
        return failed(BindingErrors.notFound(name));
      }
      if (calls.enter()) {
        try {
          return invoke(name, binding, request);
        } finally {
          calls.exit();
        }
      }
      seen = now;
      Thread.onSpinWait();
    }
  }

  private BindingInvocation invoke(String name, OutputBinding binding, BindingRequest request) {
    List<String> operations = binding.operations();
    if (!operations.contains(request.operation())) {
      return failed(BindingErrors.operationNotSupported(name, request.operation(), operations));
    }
    long start = System.nanoTime();
    boolean ok = false;
    try {
      BindingResponse response = resiliency.componentOutbound(name, Resiliency.ComponentKind.BINDING)
          .run(() -> binding.invoke(request), BindingException::new);
      ok = true;
      return new BindingInvocation(response == BindingResponse.EMPTY ? null : response, null,
          response == null ? Map.of() : response.metadata());
    } catch (BindingException e) {
      return new BindingInvocation(null, BindingErrors.invoke(name, e.getMessage()), e.metadata());
    } catch (RuntimeException e) {
      LOG.warn("output binding {} failed unexpectedly", name, e);
      return failed(BindingErrors.invoke(name, String.valueOf(e.getMessage())));
    } finally {
      metrics.outputBinding(name, request.operation(), ok, System.nanoTime() - start);
    }
  }

  /**
   * {@code app} handed the events of input binding {@code name} under the binding's inbound resiliency policy, as
   * daprd's {@code ComponentInboundPolicy(name, Binding)}: a failed delivery is retried, timed out and counted by
   * the breaker as the policy says; the metrics see the whole run.
   */
  private BindingApp resilient(String name, BindingApp app) {
    io.jdaprd.core.resiliency.Policy policy = resiliency.componentInbound(name, Resiliency.ComponentKind.BINDING);
    if (policy.isNone()) {
      return app;
    }
    return new BindingApp() {
      @Override
      public boolean takesBinding(String binding, String route) throws BindingDeliveryException {
        return app.takesBinding(binding, route);
      }

      @Override
      public BindingEventReply deliverBindingEvent(BindingEventDelivery event) throws BindingDeliveryException {
        return policy.run(() -> app.deliverBindingEvent(event), BindingDeliveryException::new);
      }
    };
  }

  /** {@code app} recording each event it is handed as {@code dapr_component_input_binding_*}. */
  private BindingApp metered(BindingApp app) {
    if (!metrics.enabled()) {
      return app;
    }
    return new BindingApp() {
      @Override
      public boolean takesBinding(String name, String route) throws BindingDeliveryException {
        return app.takesBinding(name, route);
      }

      @Override
      public BindingEventReply deliverBindingEvent(BindingEventDelivery event) throws BindingDeliveryException {
        long start = System.nanoTime();
        boolean ok = false;
        try {
          BindingEventReply reply = app.deliverBindingEvent(event);
          ok = true;
          return reply;
        } finally {
          metrics.inputBinding(event.name(), ok, System.nanoTime() - start);
        }
      }
    };
  }

  private static BindingInvocation failed(DaprException e) {
    return new BindingInvocation(null, e, Map.of());
  }

  /**
   * Starts delivering the input bindings the app takes to {@code app}; a binding whose probe fails or whose
   * reading cannot start is logged and left out. Returns the names of the bindings now read. Input bindings that hot
   * reload puts in later are probed and read with the same {@code app}. Does nothing once {@link #stopReading} ran.
   */
  public List<String> startReading(BindingApp app) {
    Map<String, Bindings.Input> inputs;
    synchronized (this) {
      if (stopped) {
        return List.of();
      }
      this.app = app;
      inputs = live.bindings().inputs();
    }
    List<String> started = new ArrayList<>();
    for (Map.Entry<String, Bindings.Input> e : inputs.entrySet()) {
      if (read(e.getKey(), e.getValue(), app)) {
        started.add(e.getKey());
      }
    }
    return started;
  }

  /** Probes {@code app} for input binding {@code name} and reads it; whether it is now read. */
  private boolean read(String name, Bindings.Input input, BindingApp app) {
    boolean taken;
    try {
      taken = input.explicit() || app.takesBinding(name, input.route());
    } catch (BindingDeliveryException ex) {
      LOG.error("input binding {} not read: {}", name, ex.getMessage());
      return false;
    }
    if (!taken) {
      LOG.info("app has not subscribed to binding {}.", name);
      return false;
    }
    synchronized (this) {
      InputDelivery current = running.get(name);
      if (stopped || live.bindings().inputs().get(name) != input
          || current != null && current.input() == input) {
        return false;
      }
      try {
        running.put(name, InputDelivery.start(name, input, metered(resilient(name, app)), this::forward));
        return true;
      } catch (BindingException ex) {
        LOG.error("error reading from input binding {}: {}", name, ex.getMessage());
        return false;
      }
    }
  }

  /**
   * Hot reload: serves {@code instance} as binding {@code name} (in the directions its {@code metadata} and type
   * give), in the place of the binding of that name if any. The old input binding, if read, stops being read first;
   * the new one is read if the app's bindings are being read. Returns the calls in flight on the replaced output
   * binding ({@code null} when there was none), for the caller to wait for before closing it.
   */
  public InFlight put(String name, Component instance, Map<String, String> metadata) {
    Bindings one = Bindings.of(List.of(new Bindings.Entry(name, instance, metadata)));
    InFlight old = swap(name, one);
    Bindings.Input input = one.inputs().get(name);
    BindingApp reading;
    synchronized (this) {
      reading = stopped ? null : app;
    }
    if (input != null && reading != null && read(name, input, reading)) {
      LOG.info("reading input binding {}", name);
    }
    return old;
  }

  /**
   * Hot reload: takes binding {@code name} out; an input binding stops being read (its events in flight finish
   * first). Returns the calls in flight on the output binding ({@code null} when it was none).
   */
  public InFlight remove(String name) {
    return swap(name, Bindings.NONE);
  }

  private InFlight swap(String name, Bindings replacement) {
    InputDelivery stopping;
    InFlight old;
    synchronized (this) {
      Live now = live;
      Map<String, OutputBinding> outputs = new LinkedHashMap<>(now.bindings().outputs());
      Map<String, Bindings.Input> inputs = new LinkedHashMap<>(now.bindings().inputs());
      Map<String, InFlight> calls = new LinkedHashMap<>(now.calls());
      outputs.remove(name);
      inputs.remove(name);
      old = calls.remove(name);
      if (replacement.outputs().containsKey(name)) {
        outputs.put(name, replacement.outputs().get(name));
        calls.put(name, new InFlight());
      }
      if (replacement.inputs().containsKey(name)) {
        inputs.put(name, replacement.inputs().get(name));
      }
      live = new Live(new Bindings(outputs, inputs), Map.copyOf(calls));
      stopping = running.remove(name);
    }
    if (stopping != null) {
      stopping.close();
    }
    return old;
  }

  /** Forwards a gRPC app's answer to the output bindings it names, as daprd: {@code create}, errors logged. */
  private void forward(BindingEventReply reply) {
    if (reply.to().isEmpty()) {
      return;
    }
    if (reply.parallel()) {
      for (String to : reply.to()) {
        Thread.ofVirtual().start(() -> forwardTo(to, reply.toData()));
      }
      return;
    }
    for (String to : reply.to()) {
      if (!forwardTo(to, reply.toData())) {
        return;
      }
    }
  }

  private boolean forwardTo(String to, byte[] data) {
    BindingInvocation outcome = invoke(to, new BindingRequest(CREATE, data, Map.of()));
    if (!outcome.ok()) {
      LOG.error("error executing app response: {}", outcome.error().getMessage());
    }
    return outcome.ok();
  }

  /**
   * Stops every input binding reader, waiting for the events in flight; later events are refused. Idempotent; the
   * first step of a shutdown, before the components are closed.
   */
  public void stopReading() {
    List<InputDelivery> stopping;
    synchronized (this) {
      stopped = true;
      stopping = new ArrayList<>(running.values());
      running.clear();
    }
    List<Thread> threads = new ArrayList<>();
    for (InputDelivery d : stopping) {
      threads.add(Thread.ofVirtual().start(d::close));
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The capabilities daprd's metadata API shows for binding {@code name}: INPUT_BINDING, OUTPUT_BINDING. */
  public List<String> capabilities(String name) {
    Bindings bindings = live.bindings();
    List<String> caps = new ArrayList<>();
    if (bindings.inputs().containsKey(name)) {
      caps.add("INPUT_BINDING");
    }
    if (bindings.outputs().containsKey(name)) {
      caps.add("OUTPUT_BINDING");
    }
    return caps;
  }

  /** The capabilities of every binding, by name. */
  public Map<String, List<String>> capabilities() {
    Bindings bindings = live.bindings();
    Map<String, List<String>> out = new LinkedHashMap<>();
    bindings.inputs().keySet().forEach(n -> out.put(n, capabilities(n)));
    bindings.outputs().keySet().forEach(n -> out.put(n, capabilities(n)));
    return out;
  }

  @Override
  public void close() {
    stopReading();
  }
}
