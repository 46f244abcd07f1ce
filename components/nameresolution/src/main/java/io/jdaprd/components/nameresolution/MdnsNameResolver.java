package io.jdaprd.components.nameresolution;

import io.jdaprd.components.nameresolution.DnsMessage.Question;
import io.jdaprd.components.nameresolution.DnsMessage.Record;
import io.jdaprd.components.nameresolution.DnsMessage.Srv;
import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.nameresolution.Instance;
import io.jdaprd.spi.nameresolution.NameResolver;
import io.jdaprd.spi.nameresolution.ResolveRequest;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@code mdns} name resolver: DNS-SD over multicast DNS (224.0.0.251:5353), speaking what daprd's resolver
 * ({@code components-contrib nameresolution/mdns}, on {@code grandcat/zeroconf}) sends and accepts, so that jdaprd and
 * daprd sidecars on one network find each other.
 *
 * <p><b>Registration</b>, daprd's non-standard DNS-SD layout: the service type is the bare app id
 * ({@code <appId>.local.}, not {@code _x._tcp}); the instance is {@code <hostname>:<pid>} (one DNS label; a second
 * resolver in the same JVM appends {@code -2}, and so on, so that their names do not clash); SRV gives the internal
 * gRPC port and the target {@code <hostname>.local.}; TXT holds the app id; A or AAAA the instance address. Queries
 * for the service (PTR), the instance (SRV, TXT) or the host (A, AAAA) are answered with all of them in one message,
 * multicast (unicast to a legacy resolver's port). The records are announced at start and again after a second, and
 * withdrawn (TTL 0) on {@link #close()}.
 *
 * <p><b>Lookup</b>, as daprd's: cached addresses first (IPv4 ones, else IPv6 ones), each kept
 * {@value #ADDRESS_TTL_SECONDS} s after it was last heard and refreshed by a query every
 * {@value #REFRESH_INTERVAL_SECONDS} s; on a miss, a PTR query and the first answer within 1 s, or
 * {@code couldn't find service: <id>}. Only answers whose TXT starts with the app id count (daprd's filter). Every
 * answer heard for an id being looked up is cached, so the other replicas' answers to the same query are known on the
 * next call; {@link #resolve} answers all of them and the caller round-robins. A withdrawal removes the instance at
 * once (daprd keeps it until it expires). The namespace is ignored. IPv6 addresses are answered in brackets
 * ({@code [fd00::2]:50002}; daprd writes them without). Transport is IPv4 multicast only, on every interface that is
 * up and multicast-capable (loopback only when no other is).
 */
public final class MdnsNameResolver implements NameResolver {
  /** The resolver's name in a Configuration's {@code spec.nameResolution.component}. */
  public static final String TYPE = "mdns";
  /** How long an address is kept after it was last heard. */
  public static final int ADDRESS_TTL_SECONDS = 60;
  /** How often the cached app ids are asked again. */
  public static final int REFRESH_INTERVAL_SECONDS = 30;
  /** How long a lookup waits for a first answer. */
  public static final Duration BROWSE_TIMEOUT = Duration.ofSeconds(1);

  static final int MDNS_PORT = 5353;
  static final InetAddress GROUP = ipv4(224, 0, 0, 251);
  private static final System.Logger LOG = System.getLogger(MdnsNameResolver.class.getName());
  private static final AtomicInteger IN_THIS_JVM = new AtomicInteger();
  private static final long HOST_TTL = 120;
  private static final long SERVICE_TTL = 4500;

  private final Map<String, AppAddresses> cache = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Void>> firstAnswers = new ConcurrentHashMap<>();
  private final ReentrantLock sending = new ReentrantLock();
  private String appId;
  private List<String> serviceName;
  private List<String> instanceName;
  private List<String> hostName;
  private InetAddress address;
  private int port;
  private MulticastSocket socket;
  private List<NetworkInterface> interfaces;
  private Thread receiver;
  private ScheduledThreadPoolExecutor timer;
  private volatile boolean closed;

  @Override
  public void init(Instance instance, ComponentMetadata configuration) throws ComponentException {
    if (instance.appId() == null || instance.appId().isEmpty()) {
      throw new ComponentException("name is missing");
    }
    if (instance.address() == null || instance.address().isEmpty()) {
      throw new ComponentException("address is missing");
    }
    if (instance.daprInternalPort() <= 0) {
      throw new ComponentException("port is missing or invalid");
    }
    try {
      address = InetAddress.getByName(instance.address().replace("[", "").replace("]", ""));
    } catch (UnknownHostException e) {
      throw new ComponentException("failed to parse given IP: " + instance.address(), e);
    }
    appId = instance.appId();
    port = instance.daprInternalPort();
    String host = hostname();
    int nth = IN_THIS_JVM.incrementAndGet();
    serviceName = List.of(appId, "local");
    instanceName = List.of(host + ":" + ProcessHandle.current().pid() + (nth == 1 ? "" : "-" + nth), appId, "local");
    List<String> hostLabels = new ArrayList<>(List.of(host.split("\\.")));
    hostLabels.add("local");
    hostName = List.copyOf(hostLabels);
    openSocket();
    receiver = Thread.ofPlatform().daemon().name("mdns " + appId).start(this::receive);
    timer = new ScheduledThreadPoolExecutor(1, runnable -> Thread.ofPlatform().daemon()
        .name("mdns refresh " + appId).unstarted(runnable));
    timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    send(announcement(HOST_TTL, SERVICE_TTL), null);
    timer.schedule(() -> send(announcement(HOST_TTL, SERVICE_TTL), null), 1, TimeUnit.SECONDS);
    timer.scheduleAtFixedRate(this::refresh, REFRESH_INTERVAL_SECONDS, REFRESH_INTERVAL_SECONDS, TimeUnit.SECONDS);
    LOG.log(System.Logger.Level.INFO, "local service entry announced: " + appId + " -> "
        + instance.advertisedAddress());
  }

  @Override
  public List<String> resolve(ResolveRequest request) throws ComponentException {
    String id = request.id();
    AppAddresses known = cache.computeIfAbsent(id, k -> new AppAddresses());
    List<String> cached = known.live(System.nanoTime());
    if (!cached.isEmpty()) {
      return cached;
    }
    CompletableFuture<Void> first = firstAnswers.computeIfAbsent(id, k -> new CompletableFuture<>());
    try {
      long half = BROWSE_TIMEOUT.toMillis() / 2;
      send(query(id), null);
      try {
        first.get(half, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        send(query(id), null);
        first.get(BROWSE_TIMEOUT.toMillis() - half, TimeUnit.MILLISECONDS);
      }
    } catch (TimeoutException | ExecutionException e) {
      // no answer in time: reported below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ComponentException("interrupted while browsing for app id " + id, e);
    } finally {
      firstAnswers.remove(id, first);
    }
    List<String> found = known.live(System.nanoTime());
    if (found.isEmpty()) {
      throw new ComponentException("couldn't find service: " + id);
    }
    return found;
  }

  @Override
  public void close() {
    if (closed || socket == null) {
      closed = true;
      return;
    }
    closed = true;
    timer.shutdownNow();
    send(announcement(0, 0), null);
    socket.close();
    try {
      receiver.join(Duration.ofSeconds(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.log(System.Logger.Level.INFO, "stopping mDNS server for app id: " + appId);
  }

  /**
   * Joins the group on the interfaces that fit the advertised address: only the loopback interface when this
   * sidecar advertises a loopback address (nothing leaves the machine then; the interface needs the multicast flag,
   * {@code ip link set lo multicast on}), else every non-loopback interface that is up (the loopback one when there
   * is no other).
   */
  private void openSocket() throws ComponentException {
    try {
      boolean localOnly = address.isLoopbackAddress();
      List<NetworkInterface> candidates = NetworkInterface.networkInterfaces()
          .filter(ni -> usable(ni) && (!localOnly || isLoopback(ni) && multicast(ni))).toList();
      List<NetworkInterface> preferred = candidates.stream().filter(ni -> !isLoopback(ni)).toList();
      if (localOnly && candidates.isEmpty()) {
        throw new ComponentException("mdns: the advertised address " + address.getHostAddress() + " is a loopback "
            + "address, and the loopback interface has no multicast (ip link set lo multicast on)");
      }
      socket = new MulticastSocket(new InetSocketAddress(MDNS_PORT));
      socket.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
      socket.setTimeToLive(localOnly ? 1 : 255);
      List<NetworkInterface> joined = new ArrayList<>();
      for (NetworkInterface ni : preferred.isEmpty() ? candidates : preferred) {
        try {
          socket.joinGroup(new InetSocketAddress(GROUP, 0), ni);
          joined.add(ni);
        } catch (IOException e) {
          LOG.log(System.Logger.Level.DEBUG, "mdns: cannot join the group on " + ni.getName() + ": " + e);
        }
      }
      if (joined.isEmpty()) {
        socket.close();
        throw new ComponentException("mdns: no network interface can join 224.0.0.251 (interfaces up with IPv4 and"
            + " multicast: " + candidates.stream().map(NetworkInterface::getName).toList() + ")");
      }
      interfaces = List.copyOf(joined);
    } catch (IOException e) {
      if (socket != null) {
        socket.close();
      }
      throw new ComponentException("mdns: cannot listen on UDP port 5353: " + e.getMessage(), e);
    }
  }

  private static boolean multicast(NetworkInterface ni) {
    try {
      return ni.supportsMulticast();
    } catch (SocketException e) {
      return false;
    }
  }

  private static boolean usable(NetworkInterface ni) {
    try {
      return ni.isUp() && (ni.supportsMulticast() || ni.isLoopback())
          && ni.inetAddresses().anyMatch(Inet4Address.class::isInstance);
    } catch (SocketException e) {
      return false;
    }
  }

  private static boolean isLoopback(NetworkInterface ni) {
    try {
      return ni.isLoopback();
    } catch (SocketException e) {
      return true;
    }
  }

  private void receive() {
    byte[] buffer = new byte[9000];
    while (!closed) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
      } catch (IOException e) {
        if (!closed) {
          LOG.log(System.Logger.Level.WARNING, "mdns: receiving failed: " + e.getMessage());
        }
        continue;
      }
      try {
        DnsMessage message = DnsMessage.decode(packet.getData(), packet.getLength());
        if (message.response()) {
          learn(message);
        } else {
          answer(message, packet.getSocketAddress(), packet.getPort());
        }
      } catch (IllegalArgumentException e) {
        LOG.log(System.Logger.Level.DEBUG, "mdns: ignoring a malformed packet from " + packet.getSocketAddress());
      }
    }
  }

  /** Answers a query that asks about this sidecar's service, instance or host. */
  private void answer(DnsMessage query, SocketAddress from, int fromPort) {
    boolean asked = false;
    for (Question q : query.questions()) {
      int type = q.type();
      asked |= DnsMessage.sameName(q.name(), serviceName) && (type == DnsMessage.PTR || type == DnsMessage.ANY)
          || DnsMessage.sameName(q.name(), instanceName)
          && (type == DnsMessage.SRV || type == DnsMessage.TXT || type == DnsMessage.ANY)
          || DnsMessage.sameName(q.name(), hostName)
          && (type == DnsMessage.A || type == DnsMessage.AAAA || type == DnsMessage.ANY);
    }
    if (!asked || closed) {
      return;
    }
    DnsMessage full = announcement(HOST_TTL, SERVICE_TTL);
    if (fromPort != MDNS_PORT) {
      send(new DnsMessage(query.id(), true, query.questions(), full.records()), from);
    } else {
      send(full, null);
    }
  }

  /** Caches the addresses a response gives for the app ids being looked up, and drops withdrawn instances. */
  private void learn(DnsMessage response) {
    long now = System.nanoTime();
    for (Record ptr : response.records()) {
      if (ptr.type() != DnsMessage.PTR || ptr.name().size() != 2 || !ptr.name().get(1).equalsIgnoreCase("local")) {
        continue;
      }
      @SuppressWarnings("unchecked")
      List<String> instance = (List<String>) ptr.data();
      for (Map.Entry<String, AppAddresses> app : cache.entrySet()) {
        if (!ptr.name().get(0).equalsIgnoreCase(app.getKey())) {
          continue;
        }
        if (ptr.ttl() == 0) {
          app.getValue().withdraw(instance);
          continue;
        }
        String learned = learnInstance(response, app.getKey(), instance, app.getValue(), now);
        CompletableFuture<Void> first = learned == null ? null : firstAnswers.get(app.getKey());
        if (first != null) {
          first.complete(null);
        }
      }
    }
  }

  private static String learnInstance(DnsMessage response, String id, List<String> instance, AppAddresses app,
      long now) {
    Srv srv = null;
    List<?> texts = null;
    for (Record r : response.records()) {
      if (DnsMessage.sameName(r.name(), instance)) {
        if (r.type() == DnsMessage.SRV) {
          srv = (Srv) r.data();
        } else if (r.type() == DnsMessage.TXT) {
          texts = (List<?>) r.data();
        }
      }
    }
    if (srv == null || texts == null || texts.isEmpty() || !id.equals(texts.get(0))) {
      return null;
    }
    InetAddress v4 = null;
    InetAddress v6 = null;
    for (Record r : response.records()) {
      if (DnsMessage.sameName(r.name(), srv.target()) && r.data() instanceof InetAddress ip) {
        if (ip instanceof Inet4Address && v4 == null) {
          v4 = ip;
        } else if (ip instanceof Inet6Address && v6 == null) {
          v6 = ip;
        }
      }
    }
    String learned = null;
    if (v4 != null) {
      learned = v4.getHostAddress() + ":" + srv.port();
      app.add(learned, false, instance, now);
    }
    if (v6 != null) {
      learned = "[" + v6.getHostAddress() + "]:" + srv.port();
      app.add(learned, true, instance, now);
    }
    return learned;
  }

  private void refresh() {
    long now = System.nanoTime();
    cache.forEach((id, app) -> {
      if (!app.live(now).isEmpty()) {
        send(query(id), null);
      }
    });
  }

  private DnsMessage query(String id) {
    return new DnsMessage(0, false, List.of(new Question(List.of(id, "local"), DnsMessage.PTR, DnsMessage.CLASS_IN)),
        List.of());
  }

  /** This sidecar's records, with {@code hostTtl} for SRV and A/AAAA and {@code serviceTtl} for PTR and TXT. */
  private DnsMessage announcement(long hostTtl, long serviceTtl) {
    int flush = DnsMessage.CLASS_IN | DnsMessage.TOP_BIT;
    return new DnsMessage(0, true, List.of(), List.of(
        new Record(serviceName, DnsMessage.PTR, DnsMessage.CLASS_IN, serviceTtl, instanceName),
        new Record(instanceName, DnsMessage.SRV, flush, hostTtl, new Srv(0, 0, port, hostName)),
        new Record(instanceName, DnsMessage.TXT, flush, serviceTtl, List.of(appId)),
        new Record(hostName, address instanceof Inet6Address ? DnsMessage.AAAA : DnsMessage.A, flush, hostTtl,
            address)));
  }

  /** Sends {@code message} to {@code to}, or to the group on every joined interface when {@code to} is null. */
  private void send(DnsMessage message, SocketAddress to) {
    byte[] bytes = message.encode();
    sending.lock();
    try {
      if (to != null) {
        socket.send(new DatagramPacket(bytes, bytes.length, to));
        return;
      }
      for (NetworkInterface ni : interfaces) {
        socket.setNetworkInterface(ni);
        socket.send(new DatagramPacket(bytes, bytes.length, GROUP, MDNS_PORT));
      }
    } catch (IOException e) {
      if (!socket.isClosed()) {
        LOG.log(System.Logger.Level.WARNING, "mdns: sending failed: " + e.getMessage());
      }
    } finally {
      sending.unlock();
    }
  }

  /** The host name as Go's {@code os.Hostname} gives it on Linux, else the JDK's. */
  private static String hostname() {
    try {
      String kernel = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
      if (!kernel.isEmpty()) {
        return kernel;
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: ask the JDK
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  private static InetAddress ipv4(int a, int b, int c, int d) {
    try {
      return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
