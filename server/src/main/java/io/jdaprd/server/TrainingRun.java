package io.jdaprd.server;

import com.google.protobuf.ByteString;
import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.MediaType;
import io.dapr.v1.CommonProtos.StateItem;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprMetadataProtos.GetMetadataRequest;
import io.dapr.v1.DaprStateProtos.GetStateRequest;
import io.dapr.v1.DaprStateProtos.SaveStateRequest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requests of the launcher's training run ({@code JDAPRD_TRAINING_RUN=1}): a few calls of the HTTP and the gRPC
 * API of the embedded defaults, so that the class-data cache the JVM records also holds the classes (and the
 * profiles) of serving a request, not only those of starting. Whatever they answer is ignored.
 */
final class TrainingRun {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

  private TrainingRun() {
  }

  /** Calls the sidecar's APIs a few times; never fails. */
  static void exercise(Sidecar sidecar) {
    try {
      http(WebClient.of("http://127.0.0.1:" + sidecar.httpPort()).blocking());
      grpc(GrpcClients.newClient("http://127.0.0.1:" + sidecar.grpcPort(), DaprGrpc.DaprBlockingStub.class));
    } catch (RuntimeException e) {
      LOG.debug("training requests: {}", e.toString());
    }
  }

  private static void http(BlockingWebClient client) {
    for (int round = 0; round < 3; round++) {
      client.get("/v1.0/healthz");
      client.get("/v1.0/metadata");
      client.prepare().post("/v1.0/state/statestore")
          .content(MediaType.JSON, "[{\"key\":\"training\",\"value\":{\"n\":1}}]").execute();
      client.get("/v1.0/state/statestore/training");
      client.get("/v1.0/state/no-such-store/training");
      client.prepare().post("/v1.0/publish/pubsub/training").content(MediaType.JSON, "{\"n\":1}").execute();
    }
  }

  private static void grpc(DaprGrpc.DaprBlockingStub stub) {
    for (int round = 0; round < 3; round++) {
      stub.getMetadata(GetMetadataRequest.getDefaultInstance());
      stub.saveState(SaveStateRequest.newBuilder().setStoreName("statestore").addAllStates(List.of(
          StateItem.newBuilder().setKey("training").setValue(ByteString.copyFromUtf8("1")).build())).build());
      stub.getState(GetStateRequest.newBuilder().setStoreName("statestore").setKey("training").build());
      try {
        stub.getState(GetStateRequest.newBuilder().setStoreName("no-such-store").setKey("training").build());
      } catch (io.grpc.StatusRuntimeException expected) {
        // the error path is part of what is trained
      }
    }
  }
}
