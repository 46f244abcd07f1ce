package io.jdaprd.errors.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A gRPC app's status as daprd's HTTP API writes it (protojson of the status). */
class GrpcStatusJsonTest {

  @Test
  void detailsAreWrittenFieldByFieldInNumberOrder() {
    byte[] info = ErrorInfo.newBuilder().setReason("fakeReason").setDomain("app").putMetadata("k", "v").build()
        .toByteArray();
    byte[] bad = BadRequest.newBuilder().addFieldViolations(BadRequest.FieldViolation.newBuilder().setField("f")
        .setDescription("d")).build().toByteArray();
    assertThat(GrpcStatusJson.render(3, "InvalidArgument", List.of(
        Map.entry("type.googleapis.com/google.rpc.ErrorInfo", info),
        Map.entry("type.googleapis.com/google.rpc.BadRequest", bad))))
        .isEqualTo("{\"code\":3,\"message\":\"InvalidArgument\",\"details\":[{\"@type\":\"type.googleapis.com/"
            + "google.rpc.ErrorInfo\",\"reason\":\"fakeReason\",\"domain\":\"app\",\"metadata\":{\"k\":\"v\"}},"
            + "{\"@type\":\"type.googleapis.com/google.rpc.BadRequest\",\"fieldViolations\":[{\"field\":\"f\","
            + "\"description\":\"d\"}]}]}");
  }

  @Test
  void zeroValuesAreLeftOutAndCodesMapToHttp() {
    assertThat(GrpcStatusJson.render(5, "", List.of())).isEqualTo("{\"code\":5}");
    assertThat(GrpcStatusJson.httpStatus(5)).isEqualTo(404);
    assertThat(GrpcStatusJson.httpStatus(9)).isEqualTo(400);
    assertThat(GrpcStatusJson.httpStatus(0)).isEqualTo(200);
  }

  @Test
  void anUnknownDetailTypeCannotBeWritten() {
    assertThatThrownBy(() -> GrpcStatusJson.render(2, "x", List.of(Map.entry("type.googleapis.com/my.Type",
        new byte[0])))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unable to resolve \"type.googleapis.com/my.Type\": \"not found\"");
  }
}
