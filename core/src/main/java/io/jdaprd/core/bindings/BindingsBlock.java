package io.jdaprd.core.bindings;

import io.jdaprd.core.metrics.Metrics;
import io.jdaprd.core.resiliency.Resiliency;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.factories.BindingErrors;
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
 * Thread-safe.
 */
public final class BindingsBlock implements AutoCloseable {
  /** The operation daprd uses to forward a gRPC app's answer to the output bindings it names. */
  static final String CREATE = "create";
  private static final Logger LOG = LoggerFactory.getLogger(BindingsBlock.class);

  private final Bindings bindings;
  private final Metrics metrics;
  private final List<InputDelivery> running = new ArrayList<>();
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
    this.bindings = bindings;
    this.metrics = metrics;
    this.resiliency = resiliency;
  }

  /** A block without bindings. */
  public BindingsBlock() {
    this(Bindings.NONE);
  }

  /** The bindings this block serves. */
  public Bindings bindings() {
    return bindings;
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
    OutputBinding binding = bindings.outputs().get(name);
    if (binding == null) {
      return failed(BindingErrors.notFound(name));
    }
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
   * reading cannot start is logged and left out. Returns the names of the bindings now read. Does nothing once
   * {@link #stopReading} ran.
   */
  public List<String> startReading(BindingApp app) {
    List<String> started = new ArrayList<>();
    for (Map.Entry<String, Bindings.Input> e : bindings.inputs().entrySet()) {
      String name = e.getKey();
      Bindings.Input input = e.getValue();
      boolean taken;
      try {
        taken = input.explicit() || app.takesBinding(name, input.route());
      } catch (BindingDeliveryException ex) {
        LOG.error("input binding {} not read: {}", name, ex.getMessage());
        continue;
      }
      if (!taken) {
        LOG.info("app has not subscribed to binding {}.", name);
        continue;
      }
      synchronized (this) {
        if (stopped) {
          return started;
        }
        try {
          running.add(InputDelivery.start(name, input, metered(resilient(name, app)), this::forward));
          started.add(name);
        } catch (BindingException ex) {
          LOG.error("error reading from input binding {}: {}", name, ex.getMessage());
        }
      }
    }
    return started;
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
      stopping = new ArrayList<>(running);
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
