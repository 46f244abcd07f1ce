package io.jdaprd.it;

import io.jdaprd.spi.testkit.backend.Ci;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link InvokeTest} with the sidecars finding each other by mDNS, daprd's default name resolution, on the loopback
 * interface only. Skipped loudly (failed under CI) when the loopback interface has no multicast flag.
 */
class MdnsInvokeTest extends InvokeTest {

  @BeforeAll
  static void loopbackMulticast() throws IOException {
    Path flags = Path.of("/sys/class/net/lo/flags");
    boolean multicast = Files.exists(flags)
        && (Integer.decode(Files.readString(flags).trim()) & 0x1000) != 0;
    if (!multicast) {
      Ci.skipOrFail("mDNS invocation test cannot run: the loopback interface has no multicast flag (ip link set lo "
          + "multicast on; .ci/run sets it)");
    }
  }

  @Override
  SidecarProcess.Options resolution(SidecarProcess.Options options, Path names) {
    return options.mdns();
  }

  @Override
  String unknownIdCause() {
    return "couldn't find service: nobody";
  }

  @Override
  String prefix() {
    return "it-minvoke-";
  }
}
