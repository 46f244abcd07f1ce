package io.jdaprd.spi.state;

import java.util.List;
import java.util.Map;

/**
 * A query of Dapr's state query language: an optional filter over JSON fields of the values (dotted paths such as
 * {@code person.org}), sort keys, and a page.
 *
 * @param keyPrefix only stored keys starting with this prefix (the app's {@code appid||}) are candidates
 * @param filter the filter, or {@code null} for all values
 * @param sort sort keys, first one first
 * @param limit the page size, 0 for no limit
 * @param token the continuation token from a previous page, or {@code null}
 * @param metadata request metadata
 */
public record Query(String keyPrefix, Filter filter, List<Sort> sort, int limit, String token,
    Map<String, String> metadata) {

  public Query {
    sort = sort == null ? List.of() : List.copyOf(sort);
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /** A condition on values. JSON values are {@code String}, {@code Number}, {@code Boolean} or {@code null}. */
  public sealed interface Filter {
    /** The field at {@code path} equals {@code value}. */
    record Eq(String path, Object value) implements Filter {
    }

    /** The field at {@code path} equals one of {@code values}. */
    record In(String path, List<Object> values) implements Filter {
    }

    /** All of {@code filters} hold. */
    record And(List<Filter> filters) implements Filter {
    }

    /** At least one of {@code filters} holds. */
    record Or(List<Filter> filters) implements Filter {
    }
  }

  /** A sort key. */
  public record Sort(String path, boolean descending) {
  }
}
