package io.jdaprd.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.Message;
import io.dapr.v1.DaprGrpc;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.jdaprd.spi.testkit.grpc.RawBytes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;

/**
 * One fuzz target per family of methods of the Dapr gRPC service. Each input picks a method of the family, builds its
 * request message from fuzz bytes ({@link ProtoFuzz}), or now and then sends the bytes themselves as the message,
 * adds fuzzed metadata, calls over a grpc-java channel, and checks the close with {@link Verdicts#grpc}. A streaming
 * method gets one message and a half-close, and is cancelled after a short while if it stays open.
 */
class GrpcMethodsFuzzTest {
  private static final List<String> METADATA_KEYS = List.of("dapr-app-id", "traceparent", "tracestate",
      "grpc-trace-bin", "dapr-caller-app-id", "metadata.ttlInSeconds", "content-type", "x-custom");
  private static final Map<String, List<MethodDescriptor<?, ?>>> FAMILIES = new ConcurrentHashMap<>();

  private static List<MethodDescriptor<?, ?>> family(String regex) {
    return FAMILIES.computeIfAbsent(regex, r -> {
      Pattern p = Pattern.compile(r);
      List<MethodDescriptor<?, ?>> methods = new ArrayList<>();
      for (MethodDescriptor<?, ?> m : DaprGrpc.getServiceDescriptor().getMethods()) {
        if (p.matcher(m.getBareMethodName()).find()) {
          methods.add(m);
        }
      }
      methods.sort(Comparator.comparing(MethodDescriptor::getBareMethodName));
      if (methods.isEmpty()) {
        throw new IllegalStateException("no method matches " + r);
      }
      return methods;
    });
  }

  /** The sidecar starts before fuzzing does, so that its start-up does not count as the first input's time. */
  @BeforeAll
  static void startSidecar() {
    // The channel connects, and the classes of a call load (and, fuzzing, get instrumented), before the first input.
    DaprGrpc.newBlockingStub(FuzzSidecar.get().channel).withDeadlineAfter(120, TimeUnit.SECONDS)
        .getMetadata(io.dapr.v1.DaprMetadataProtos.GetMetadataRequest.getDefaultInstance());
  }

  @FuzzTest
  void state(FuzzedDataProvider data) throws Exception {
    fuzz(data, "^(GetState|GetBulkState|SaveState|QueryStateAlpha1|DeleteState|DeleteBulkState|"
        + "ExecuteStateTransaction)$");
  }

  @FuzzTest
  void pubsub(FuzzedDataProvider data) throws Exception {
    fuzz(data, "^(PublishEvent|BulkPublishEvent|SubscribeTopicEvents)");
  }

  @FuzzTest
  void invoke(FuzzedDataProvider data) throws Exception {
    fuzz(data, "^InvokeService$");
  }

  @FuzzTest
  void bindings(FuzzedDataProvider data) throws Exception {
    fuzz(data, "^InvokeBinding$");
  }

  @FuzzTest
  void secrets(FuzzedDataProvider data) throws Exception {
    fuzz(data, "^(GetSecret|GetBulkSecret)$");
  }

  @FuzzTest
  void actors(FuzzedDataProvider data) throws Exception {
    fuzz(data, "Actor");
  }

  @FuzzTest
  void configuration(FuzzedDataProvider data) throws Exception {
    fuzz(data, "Configuration");
  }

  @FuzzTest
  void lock(FuzzedDataProvider data) throws Exception {
    fuzz(data, "^(TryLockAlpha1|UnlockAlpha1)$");
  }

  @FuzzTest
  void crypto(FuzzedDataProvider data) throws Exception {
    fuzz(data, "^(EncryptAlpha1|DecryptAlpha1|Subtle)");
  }

  @FuzzTest
  void metadata(FuzzedDataProvider data) throws Exception {
    fuzz(data, "^(GetMetadata|SetMetadata)$");
  }

  @FuzzTest
  void workflows(FuzzedDataProvider data) throws Exception {
    fuzz(data, "Workflow");
  }

  @FuzzTest
  void jobs(FuzzedDataProvider data) throws Exception {
    fuzz(data, "Job");
  }

  @FuzzTest
  void conversation(FuzzedDataProvider data) throws Exception {
    fuzz(data, "^Converse");
  }

  private static void fuzz(FuzzedDataProvider data, String familyRegex) throws Exception {
    List<MethodDescriptor<?, ?>> methods = family(familyRegex);
    MethodDescriptor<?, ?> method = methods.get(data.consumeInt(0, methods.size() - 1));
    boolean streaming = method.getType() != MethodDescriptor.MethodType.UNARY;
    Metadata headers = new Metadata();
    StringBuilder input = new StringBuilder();
    int count = data.consumeInt(0, 2);
    for (int i = 0; i < count; i++) {
      String key = METADATA_KEYS.get(data.consumeInt(0, METADATA_KEYS.size() - 1));
      String value = printable(data.consumeString(40));
      input.append(' ').append(key).append(' ').append(value);
      if (key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
        headers.put(Metadata.Key.of(key, Metadata.BINARY_BYTE_MARSHALLER), value.getBytes(
            java.nio.charset.StandardCharsets.ISO_8859_1));
      } else {
        headers.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), value);
      }
    }
    byte[] message;
    if (data.consumeInt(0, 7) == 0) {
      message = data.consumeRemainingAsBytes();
    } else {
      @SuppressWarnings("unchecked")
      Message prototype = ((MethodDescriptor.PrototypeMarshaller<Message>) method.getRequestMarshaller())
          .getMessagePrototype();
      Message request = ProtoFuzz.build(prototype, data);
      input.append(' ').append(request);
      message = request.toByteArray();
    }
    input.append(' ').append(new String(message, java.nio.charset.StandardCharsets.UTF_8));
    MethodDescriptor<byte[], byte[]> raw = RawBytes.of(method);
    ClientCall<byte[], byte[]> call = FuzzSidecar.get().channel.newCall(raw, CallOptions.DEFAULT
        .withDeadlineAfter(streaming ? 1 : 60, TimeUnit.SECONDS));
    CompletableFuture<Object[]> closed = new CompletableFuture<>();
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onClose(Status status, Metadata trailers) {
        closed.complete(new Object[] {status, trailers});
      }
    }, headers);
    call.request(Integer.MAX_VALUE);
    call.sendMessage(message);
    call.halfClose();
    Object[] close = closed.get(90, TimeUnit.SECONDS);
    Verdicts.grpc(method.getBareMethodName(), (Status) close[0], (Metadata) close[1], streaming, input.toString());
  }

  private static String printable(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c >= 0x20 && c < 0x7f) {
        out.append(c);
      }
    }
    return out.toString().strip();
  }
}
