package io.jdaprd.api.http.calls;

import io.jdaprd.api.http.DaprHttpApi;
import com.linecorp.armeria.server.ServerBuilder;
import io.jdaprd.core.runtime.Blocks;
import io.jdaprd.errors.DaprException;

/**
 * One building block's HTTP routes, as its {@code api.http.<block>} package contributes them to
 * {@link DaprHttpApi}.
 */
@FunctionalInterface
public interface HttpRoutes {
  /** Adds the routes to {@code sb}. */
  void addTo(ServerBuilder sb);

  /**
   * This block's error for a request body over {@code --max-body-size} on {@code path}, or {@code null} when the
   * path is not this block's or the block answers daprd's usual {@code ERR_BODY_READ}.
   *
   * @param cause Go's text of the failure
   */
  default DaprException bodyTooLarge(String path, String cause) {
    return null;
  }

  /** Makes a block's routes from the assembled blocks. */
  @FunctionalInterface
  interface Factory {
    /** The routes of one block of {@code blocks}, rendering through {@code calls}. */
    HttpRoutes create(Blocks blocks, HttpCalls calls);
  }
}
