package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprMetadataProtos.GetMetadataRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * W3C {@code baggage} on one sidecar with daprd's default tracing (sampling 1e-4: the tracing middleware is on):
 * a valid header reaches the app with the invocation and is answered back, an invalid one is refused with daprd
 * 1.18's errors over HTTP and gRPC, and gRPC answers the baggage re-encoded.
 */
class BaggageTest {
  private static final Metadata.Key<String> BAGGAGE = Metadata.Key.of("baggage", Metadata.ASCII_STRING_MARSHALLER);

  @Test
  void baggageIsCheckedAnsweredAndHandedOnAsDaprdDoes() throws Exception {
    try (InvokeApp app = new InvokeApp();
        SidecarProcess sidecar = SidecarProcess.withAppId("it-baggage")
            .args("--app-port", String.valueOf(app.port())).start()) {
      Http http = new Http(sidecar);
      HttpResponse<String> ok = http.post("/v1.0/invoke/it-baggage/method/echo", "hi",
          "baggage", "userId=alice,serverNode=DF%2028;prop1");
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
      assertThat(ok.headers().allValues("baggage")).first().isEqualTo("userId=alice,serverNode=DF%2028;prop1");
      assertThat(app.seen().getLast().header("baggage")).as("handed on to the app as received")
          .isEqualTo("userId=alice,serverNode=DF%2028;prop1");

      HttpResponse<String> bad = http.post("/v1.0/invoke/it-baggage/method/echo", "hi", "baggage", "k y=v");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
      assertThat(bad.body()).isEqualTo("invalid baggage header: invalid key: \"k y\"\n");
      int calls = app.seen().size();
      assertThat(http.get("/v1.0/metadata", "baggage", "novalue").statusCode()).isEqualTo(400);
      assertThat(app.seen()).as("a refused call reaches nothing").hasSize(calls);

      ManagedChannel channel = GrpcFailure.channel(sidecar);
      try {
        AtomicReference<Metadata> answered = new AtomicReference<>();
        Metadata sent = new Metadata();
        sent.put(BAGGAGE, "a=1");
        sent.put(BAGGAGE, "b=%41");
        DaprGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(sent),
            MetadataUtils.newCaptureMetadataInterceptor(answered, new AtomicReference<>()))
            .getMetadata(GetMetadataRequest.getDefaultInstance());
        assertThat(answered.get().getAll(BAGGAGE)).as("the values joined, re-encoded").containsExactly("a=1,b=A");

        DaprGrpc.DaprBlockingStub refused = GrpcFailure.stub(channel, "baggage", "=x");
        assertThatThrownBy(() -> refused.getMetadata(GetMetadataRequest.getDefaultInstance())).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).isEqualTo("invalid baggage header: invalid key: \"\"");
            });
      } finally {
        channel.shutdownNow();
      }
    }
  }
}
