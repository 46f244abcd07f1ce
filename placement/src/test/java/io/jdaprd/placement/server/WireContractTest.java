package io.jdaprd.placement.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.grpc.MethodDescriptor;
import io.jdaprd.proto.placement.v1.Host;
import io.jdaprd.proto.placement.v1.HostOperation;
import io.jdaprd.proto.placement.v1.PlacementGrpc;
import io.jdaprd.proto.placement.v1.PlacementOrder;
import io.jdaprd.proto.placement.v1.PlacementTable;
import io.jdaprd.proto.placement.v1.PlacementTables;
import org.junit.jupiter.api.Test;

/** Our placement .proto against the facts of daprd's wire protocol: names, numbers, types. */
class WireContractTest {

  private static String field(Descriptor d, int number) {
    FieldDescriptor f = d.findFieldByNumber(number);
    return f.getName() + ":" + (f.isMapField() ? "map" : f.isRepeated() ? "repeated " + f.getType()
        : f.getType().toString()) + (f.hasPresence() && f.getType() != FieldDescriptor.Type.MESSAGE ? "?" : "");
  }

  @Test
  void serviceAndMessagesAreDaprds() {
    MethodDescriptor<Host, PlacementOrder> m = PlacementGrpc.getReportDaprStatusMethod();
    assertThat(m.getFullMethodName()).isEqualTo("dapr.proto.placement.v1.Placement/ReportDaprStatus");
    assertThat(m.getType()).isEqualTo(MethodDescriptor.MethodType.BIDI_STREAMING);

    Descriptor host = Host.getDescriptor();
    assertThat(host.getFullName()).isEqualTo("dapr.proto.placement.v1.Host");
    assertThat(field(host, 1)).isEqualTo("name:STRING");
    assertThat(field(host, 2)).isEqualTo("port:INT64");
    assertThat(field(host, 3)).isEqualTo("load:INT64");
    assertThat(field(host, 4)).isEqualTo("entities:repeated STRING");
    assertThat(field(host, 5)).isEqualTo("id:STRING");
    assertThat(field(host, 6)).isEqualTo("pod:STRING");
    assertThat(field(host, 7)).isEqualTo("api_level:UINT32");
    assertThat(field(host, 8)).isEqualTo("namespace:STRING");
    assertThat(field(host, 9)).isEqualTo("operation:ENUM");
    assertThat(field(host, 10)).isEqualTo("version:UINT64?");

    Descriptor order = PlacementOrder.getDescriptor();
    assertThat(field(order, 1)).isEqualTo("tables:MESSAGE");
    assertThat(field(order, 2)).isEqualTo("operation:STRING");
    assertThat(field(order, 3)).isEqualTo("version:UINT64");

    Descriptor tables = PlacementTables.getDescriptor();
    assertThat(field(tables, 1)).isEqualTo("entries:map");
    assertThat(field(tables, 2)).isEqualTo("version:STRING");
    assertThat(field(tables, 3)).isEqualTo("api_level:UINT32");
    assertThat(field(tables, 4)).isEqualTo("replication_factor:INT64");

    Descriptor table = PlacementTable.getDescriptor();
    assertThat(field(table, 1)).isEqualTo("hosts:map");
    assertThat(field(table, 2)).isEqualTo("sorted_set:repeated UINT64");
    assertThat(field(table, 3)).isEqualTo("load_map:map");
    assertThat(field(table, 4)).isEqualTo("total_load:INT64");

    assertThat(HostOperation.REPORT.getNumber()).isEqualTo(1);
    assertThat(HostOperation.LOCK.getNumber()).isEqualTo(2);
    assertThat(HostOperation.UPDATE.getNumber()).isEqualTo(3);
    assertThat(HostOperation.UNLOCK.getNumber()).isEqualTo(4);
  }
}
