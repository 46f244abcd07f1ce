package io.jdaprd.components.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Keys land on the partitions sarama's hash partitioner (daprd's Kafka client) gives them. */
class KafkaPartitionTest {

  private static int partition(String key, int partitions) {
    return KafkaClient.keyPartition(key.getBytes(StandardCharsets.UTF_8), partitions);
  }

  @Test
  void fnv1aModuloAsGoComputesIt() {
    // FNV-1a("b") = 0xe70c2de5, as int32 -418632219; Go: -418632219 % 5 = -4, made positive: 4.
    assertThat(partition("b", 5)).isEqualTo(4);
    assertThat(partition("c", 7)).isEqualTo(3);
    assertThat(partition("user-1", 10)).isEqualTo(6);
    assertThat(partition("user-2", 10)).isEqualTo(9);
    // FNV-1a("order-42") = 0x572446f4, positive.
    assertThat(partition("order-42", 12)).isEqualTo(8);
    assertThat(partition("a", 3)).isZero();
    assertThat(partition("anything", 1)).isZero();
  }
}
