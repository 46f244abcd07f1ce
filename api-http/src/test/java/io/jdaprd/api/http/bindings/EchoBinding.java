package io.jdaprd.api.http.bindings;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.bindings.BindingException;
import io.jdaprd.spi.bindings.BindingRequest;
import io.jdaprd.spi.bindings.BindingResponse;
import io.jdaprd.spi.bindings.OutputBinding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An output binding for the adapter's tests: {@code create} answers the request's data, with the request's metadata
 * plus {@code op}; {@code none} answers nothing; {@code fail} fails with {@code statusCode} 418.
 */
public final class EchoBinding implements OutputBinding {
  /** Its type. */
  public static final String TYPE = "bindings.echo";

  @Override
  public void init(ComponentMetadata metadata) {
  }

  @Override
  public List<String> operations() {
    return List.of("create", "none", "fail");
  }

  @Override
  public BindingResponse invoke(BindingRequest request) throws BindingException {
    return switch (request.operation()) {
      case "none" -> BindingResponse.EMPTY;
      case "fail" -> throw new BindingException("target answered 418", Map.of("statusCode", "418"), null);
      default -> {
        Map<String, String> md = new LinkedHashMap<>(request.metadata());
        md.put("op", request.operation());
        yield new BindingResponse(request.data(), md, null);
      }
    };
  }
}
