package io.jdaprd.core.bindings;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.bindings.BindingEvent;
import io.jdaprd.spi.bindings.BindingException;
import io.jdaprd.spi.bindings.BindingReader;
import io.jdaprd.spi.bindings.BindingRequest;
import io.jdaprd.spi.bindings.BindingResponse;
import io.jdaprd.spi.bindings.InputBinding;
import io.jdaprd.spi.bindings.InputHandler;
import io.jdaprd.spi.bindings.OutputBinding;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A binding kept in memory for the block's tests: {@code create} records the request, {@code get} answers
 * {@code answer}, {@code fail} throws with metadata, {@code nothing} answers {@link BindingResponse#EMPTY}; as an
 * input binding, {@link #push} hands an event to every open reader and reports what the handler did.
 */
final class MemoryBinding implements InputBinding, OutputBinding {
  final List<BindingRequest> received = new CopyOnWriteArrayList<>();
  final List<Reader> readers = new CopyOnWriteArrayList<>();

  @Override
  public void init(ComponentMetadata metadata) {
  }

  @Override
  public List<String> operations() {
    return List.of("create", "get", "fail", "nothing");
  }

  @Override
  public BindingResponse invoke(BindingRequest request) throws BindingException {
    received.add(request);
    return switch (request.operation()) {
      case "get" -> new BindingResponse("answer".getBytes(), Map.of("k", "v"), "text/plain");
      case "fail" -> throw new BindingException("backend said no", Map.of("statusCode", "503"), null);
      case "nothing" -> BindingResponse.EMPTY;
      default -> new BindingResponse(new byte[0], Map.of(), null);
    };
  }

  @Override
  public BindingReader read(InputHandler handler) {
    Reader reader = new Reader(handler);
    readers.add(reader);
    return reader;
  }

  /** Hands {@code event} to the first open reader: its answer, or the handler's exception. */
  Object push(BindingEvent event) {
    for (Reader r : readers) {
      if (!r.closed) {
        try {
          return r.handler.handle(event);
        } catch (Exception e) {
          return e;
        }
      }
    }
    return null;
  }

  static final class Reader implements BindingReader {
    final InputHandler handler;
    volatile boolean closed;

    Reader(InputHandler handler) {
      this.handler = handler;
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
