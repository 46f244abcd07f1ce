package io.jdaprd.errors.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorCode;
import io.jdaprd.errors.ErrorRendering;
import io.jdaprd.errors.details.RetryInfo;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The HTTP renderer writes its bodies through Go's encoding/json rules (tested in the golang module). */
class HttpRendererGoJsonTest {

  @Test
  void retryInfoRendersGosDurationStruct() {
    DaprException e = DaprException.builder(ErrorCode.ERROR, "x").detail(new RetryInfo(Duration.ofMillis(2500)))
        .build();
    assertThat(HttpErrorRenderer.render(e, ErrorRendering.DAPR).bodyText()).isEqualTo(
        "{\"errorCode\":\"ERROR\",\"message\":\"x\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc."
            + "RetryInfo\",\"retry_delay\":{\"seconds\":2,\"nanos\":500000000}}]}");
  }

  @Test
  void messagesAreEscapedAsGoEscapesThem() {
    DaprException e = DaprException.builder(ErrorCode.ERROR, "x").message("<a & b>\u2028").build();
    assertThat(HttpErrorRenderer.render(e, ErrorRendering.DAPR).bodyText())
        .isEqualTo("{\"errorCode\":\"ERROR\",\"message\":\"\\u003ca \\u0026 b\\u003e\\u2028\"}");
  }

  @Test
  void errorInfoMetadataKeysAreSortedAsGoSortsMapKeys() {
    DaprException e = DaprException.builder(ErrorCode.ERROR, "x")
        .detail(io.jdaprd.errors.details.ErrorInfo.dapr("R", Map.of("b", "1", "a", "2"))).build();
    assertThat(HttpErrorRenderer.render(e, ErrorRendering.DAPR).bodyText()).contains("\"metadata\":{\"a\":\"2\",\"b\":\"1\"}");
  }
}
