package io.jdaprd.api.grpc.state;

import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.Empty;
import io.dapr.v1.CommonProtos.StateItem;
import io.dapr.v1.CommonProtos.StateOptions;
import io.dapr.v1.DaprStateProtos.BulkStateItem;
import io.dapr.v1.DaprStateProtos.DeleteBulkStateRequest;
import io.dapr.v1.DaprStateProtos.DeleteStateRequest;
import io.dapr.v1.DaprStateProtos.ExecuteStateTransactionRequest;
import io.dapr.v1.DaprStateProtos.GetBulkStateRequest;
import io.dapr.v1.DaprStateProtos.GetBulkStateResponse;
import io.dapr.v1.DaprStateProtos.GetStateRequest;
import io.dapr.v1.DaprStateProtos.GetStateResponse;
import io.dapr.v1.DaprStateProtos.QueryStateItem;
import io.dapr.v1.DaprStateProtos.QueryStateRequest;
import io.dapr.v1.DaprStateProtos.QueryStateResponse;
import io.dapr.v1.DaprStateProtos.SaveStateRequest;
import io.dapr.v1.DaprStateProtos.TransactionalStateOperation;
import io.jdaprd.core.state.StateBlock;
import io.jdaprd.core.state.StateRequests.BulkGet;
import io.jdaprd.core.state.StateRequests.BulkItem;
import io.jdaprd.core.state.StateRequests.Entry;
import io.jdaprd.core.state.StateRequests.Item;
import io.jdaprd.core.state.StateRequests.Operation;
import io.jdaprd.core.state.StateRequests.QueryPage;
import io.jdaprd.core.state.StateRequests.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The state RPCs, as daprd answers them: a missing key reads as empty data and ETag, a save stores the value bytes as
 * sent, an absent {@code Etag} wrapper means no ETag, a transaction's operation type is passed on as the client wrote
 * it. Bodies are decoded inside the block's suppliers, so store checks come first, as in daprd. Every method throws
 * only what the block throws. Values read are handed to the response without a copy (the block's arrays are not
 * changed after they are returned, as the HTTP API relies on too).
 */
public final class StateHandlers {
  private final StateBlock state;

  /** Handlers over {@code state}. */
  public StateHandlers(StateBlock state) {
    this.state = state;
  }

  /** {@code GetState}. */
  public GetStateResponse get(GetStateRequest request) {
    Optional<Entry> entry = state.get(request.getStoreName(), request.getKey(),
        consistency(request.getConsistency()), request.getMetadataMap());
    GetStateResponse.Builder response = GetStateResponse.newBuilder();
    entry.ifPresent(e -> {
      if (e.data() != null) {
        response.setData(UnsafeByteOperations.unsafeWrap(e.data()));
      }
      if (e.etag() != null) {
        response.setEtag(e.etag());
      }
      if (e.metadata() != null) {
        response.putAllMetadata(e.metadata());
      }
    });
    return response.build();
  }

  /** {@code GetBulkState}: one item per key, in order; a missing key has no data. */
  public GetBulkStateResponse bulkGet(GetBulkStateRequest request) {
    List<BulkItem> items = state.bulkGet(request.getStoreName(),
        () -> new BulkGet(request.getKeysList(), request.getParallelism(), request.getMetadataMap()));
    GetBulkStateResponse.Builder response = GetBulkStateResponse.newBuilder();
    for (BulkItem item : items) {
      BulkStateItem.Builder b = BulkStateItem.newBuilder().setKey(item.key());
      if (item.data() != null) {
        b.setData(UnsafeByteOperations.unsafeWrap(item.data()));
      }
      if (item.etag() != null) {
        b.setEtag(item.etag());
      }
      if (item.error() != null) {
        b.setError(item.error());
      }
      if (item.metadata() != null) {
        b.putAllMetadata(item.metadata());
      }
      response.addItems(b);
    }
    return response.build();
  }

  /** {@code SaveState}. */
  public Empty save(SaveStateRequest request) {
    state.save(request.getStoreName(), () -> items(request.getStatesList()));
    return Empty.getDefaultInstance();
  }

  /** {@code DeleteState}. */
  public Empty delete(DeleteStateRequest request) {
    StateOptions options = request.hasOptions() ? request.getOptions() : null;
    state.delete(request.getStoreName(), request.getKey(), request.hasEtag() ? request.getEtag().getValue() : null,
        options == null ? null : concurrency(options.getConcurrency()),
        options == null ? null : consistency(options.getConsistency()), request.getMetadataMap());
    return Empty.getDefaultInstance();
  }

  /** {@code DeleteBulkState}. */
  public Empty bulkDelete(DeleteBulkStateRequest request) {
    state.bulkDelete(request.getStoreName(), items(request.getStatesList()));
    return Empty.getDefaultInstance();
  }

  /** {@code ExecuteStateTransaction}. */
  public Empty transact(ExecuteStateTransactionRequest request) {
    state.transact(request.getStoreName(), () -> {
      List<Operation> operations = new ArrayList<>(request.getOperationsCount());
      for (TransactionalStateOperation op : request.getOperationsList()) {
        operations.add(new Operation(op.getOperationType(), item(op.getRequest())));
      }
      return new Transaction(operations, request.getMetadataMap());
    });
    return Empty.getDefaultInstance();
  }

  /** {@code QueryStateAlpha1}: the query is the JSON text of the request. */
  public QueryStateResponse query(QueryStateRequest request) {
    QueryPage page = state.query(request.getStoreName(), request::getQuery, request.getMetadataMap());
    QueryStateResponse.Builder response = QueryStateResponse.newBuilder();
    for (BulkItem item : page.results()) {
      QueryStateItem.Builder b = QueryStateItem.newBuilder().setKey(item.key());
      if (item.data() != null) {
        b.setData(UnsafeByteOperations.unsafeWrap(item.data()));
      }
      if (item.etag() != null) {
        b.setEtag(item.etag());
      }
      if (item.error() != null) {
        b.setError(item.error());
      }
      response.addResults(b);
    }
    if (page.token() != null) {
      response.setToken(page.token());
    }
    if (page.metadata() != null) {
      response.putAllMetadata(page.metadata());
    }
    return response.build();
  }

  private static List<Item> items(List<StateItem> states) {
    List<Item> items = new ArrayList<>(states.size());
    for (StateItem s : states) {
      items.add(item(s));
    }
    return items;
  }

  /** A proto item as the core's record: no {@code Etag} wrapper is no ETag, unspecified options are none. */
  private static Item item(StateItem s) {
    StateOptions options = s.hasOptions() ? s.getOptions() : null;
    return new Item(s.getKey(), s.getValue().toByteArray(), s.hasEtag() ? s.getEtag().getValue() : null,
        s.getMetadataMap(), options == null ? null : concurrency(options.getConcurrency()),
        options == null ? null : consistency(options.getConsistency()));
  }

  /** daprd's {@code stateConcurrencyToString}, with {@code null} for unspecified. */
  static String concurrency(StateOptions.StateConcurrency concurrency) {
    return switch (concurrency) {
      case CONCURRENCY_FIRST_WRITE -> "first-write";
      case CONCURRENCY_LAST_WRITE -> "last-write";
      default -> null;
    };
  }

  /** daprd's {@code stateConsistencyToString}, with {@code null} for unspecified. */
  static String consistency(StateOptions.StateConsistency consistency) {
    return switch (consistency) {
      case CONSISTENCY_EVENTUAL -> "eventual";
      case CONSISTENCY_STRONG -> "strong";
      default -> null;
    };
  }
}
