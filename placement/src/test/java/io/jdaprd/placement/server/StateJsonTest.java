package io.jdaprd.placement.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.proto.placement.v1.Host;
import io.jdaprd.proto.placement.v1.HostOperation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** daprd's /placement/state JSON: Go's encoding/json of the state protos. */
class StateJsonTest {

  @Test
  void rendersAsGoEncodingJsonDoes() {
    Host b = Host.newBuilder().setName("b:2").setId("app<&>").setNamespace("ns").addEntities("t")
        .setOperation(HostOperation.REPORT).setVersion(0).build();
    Host a = Host.newBuilder().setName("a:1").setPort(7).setId("x").setNamespace("ns").build();
    assertThat(StateJson.render(Map.of("ns", new StateJson.Namespace(List.of(b, a), 3), "empty",
        new StateJson.Namespace(List.of(), 0)))).isEqualTo("{\"tables\":{\"empty\":{},\"ns\":{\"hosts\":["
            + "{\"name\":\"a:1\",\"port\":7,\"id\":\"x\",\"namespace\":\"ns\"},"
            + "{\"name\":\"b:2\",\"entities\":[\"t\"],\"id\":\"app\\u003c\\u0026\\u003e\",\"namespace\":\"ns\","
            + "\"operation\":1,\"version\":0}],\"version\":3}}}");
    assertThat(StateJson.render(Map.of())).isEqualTo("{}");
  }
}
