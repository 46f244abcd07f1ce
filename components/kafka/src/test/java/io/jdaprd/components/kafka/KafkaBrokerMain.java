package io.jdaprd.components.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.Uuid;

/**
 * The main class of the broker JVM that {@link KafkaServer} starts: formats the data directory on first start (what
 * {@code kafka-storage.sh format} does, in the same JVM to save a JVM start), then runs the server as
 * {@code kafka-server-start.sh} does. Arguments: the server properties file and the data directory.
 */
public final class KafkaBrokerMain {
  private KafkaBrokerMain() {
  }

  public static void main(String[] args) throws Exception {
    String config = args[0];
    Path data = Path.of(args[1]);
    if (!Files.exists(data.resolve("meta.properties"))) {
      int code = kafka.tools.StorageTool.execute(new String[] {"format", "--config", config, "--cluster-id",
          Uuid.randomUuid().toString(), "--ignore-formatted"}, System.out);
      if (code != 0) {
        System.exit(code);
      }
    }
    kafka.Kafka.main(new String[] {config});
  }
}
