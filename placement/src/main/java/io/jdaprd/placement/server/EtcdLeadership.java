package io.jdaprd.placement.server;

import com.google.protobuf.InvalidProtocolBufferException;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Election;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.election.CampaignResponse;
import io.etcd.jetcd.election.LeaderKey;
import io.etcd.jetcd.election.LeaderResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;
import io.jdaprd.proto.placement.v1.PlacementTables;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leadership of placement replicas elected in etcd (through jetcd), instead of daprd's Raft. Each replica campaigns
 * in etcd's election {@code <prefix>/leader} with a lease of {@code ttl} that it keeps alive; the one whose key is
 * oldest leads. It leads only while its lease is known alive: it stops leading when a keep-alive has not been
 * answered for {@code ttl} less a margin (etcd unreachable that long; a shorter outage, such as a restart, is ridden
 * out), when etcd says the lease is gone (expired or revoked), when etcd's observation of the election shows a newer
 * leader, or when it cannot record tables; the {@link Listener} is then told, and the replica
 * campaigns again with a new lease. {@link #close()} revokes the lease, which hands leadership to the next replica at
 * once.
 *
 * <p>State: the leader writes each namespace's tables (a {@link PlacementTables} message, its version in the text
 * field) to {@code <prefix>/tables/<namespace>} in a transaction that succeeds only while its election key is the one
 * it created, so a replica that lost leadership cannot write over its successor. A replica reads every namespace's
 * last version before it says it leads, and numbers on from there.
 */
public final class EtcdLeadership implements Leadership {
  private static final Logger LOG = LoggerFactory.getLogger(EtcdLeadership.class);
  private static final long POLL_MILLIS = 100;
  private static final Duration REVOKE_TIMEOUT = Duration.ofSeconds(2);

  private final Client client;
  private final ByteSequence electionName;
  private final String tablesPrefix;
  private final String nodeId;
  private final Duration ttl;
  /** How long a grant, read or revocation may take. */
  private final Duration requestTimeout;
  /** How long recording tables may hold up the service's loop before this replica gives up leading. */
  private final Duration recordTimeout;
  private final Thread campaigner;
  private final Map<String, Long> versions = new ConcurrentHashMap<>();
  private volatile Listener listener = new Listener() {
    @Override
    public void elected() {
    }

    @Override
    public void lost(String why) {
    }
  };
  private volatile boolean closed;
  /** The term being campaigned for or held; null between terms. */
  private volatile Term term;
  /** The newest leader key etcd's observation of the election showed; null before the first. */
  private volatile KeyValue observed;
  private volatile boolean observing;
  /** When the last observation failed, for {@link System#nanoTime()}: the next waits a little. */
  private volatile long observeFailed = System.nanoTime() - TimeUnit.SECONDS.toNanos(1);

  /** One lease, its campaign and, once won, its leadership. */
  private final class Term {
    final long lease;
    /** When the lease may have expired, for {@link System#nanoTime()}. */
    volatile long validUntil;
    /** Why the term ended; null while it lasts. */
    volatile String failure;
    /** The election key once won; null while campaigning. */
    volatile LeaderKey key;

    Term(long lease, long validUntil) {
      this.lease = lease;
      this.validUntil = validUntil;
    }

    void fail(String why) {
      if (failure == null) {
        failure = why;
      }
    }

    boolean alive() {
      return failure == null && System.nanoTime() - validUntil < 0;
    }
  }

  private EtcdLeadership(Client client, String prefix, String nodeId, Duration ttl) {
    this.client = client;
    this.electionName = bytes(prefix + "/leader");
    this.tablesPrefix = prefix + "/tables/";
    this.nodeId = nodeId;
    this.ttl = ttl;
    this.requestTimeout = ttl;
    this.recordTimeout = ttl.dividedBy(2);
    this.campaigner = new Thread(this::campaign, "placement-etcd-election");
    this.campaigner.setDaemon(true);
  }

  /**
   * Connects to etcd at {@code endpoints} ({@code http://host:port}) and starts campaigning under {@code prefix} as
   * {@code nodeId}, with leases of {@code ttl} (whole seconds, at least 2 s: etcd's minimum).
   */
  public static EtcdLeadership start(List<String> endpoints, String prefix, String nodeId, Duration ttl) {
    if (ttl.compareTo(Duration.ofSeconds(2)) < 0) {
      throw new IllegalArgumentException("the lease TTL must be at least 2s, got " + ttl);
    }
    Client client = Client.builder().endpoints(endpoints.toArray(String[]::new)).connectTimeout(ttl)
        .keepaliveTime(Duration.ofSeconds(1)).keepaliveTimeout(ttl).build();
    EtcdLeadership leadership = new EtcdLeadership(client, prefix, nodeId, ttl);
    leadership.campaigner.start();
    LOG.info("Placement node id={} campaigns for leadership in etcd {} under {}", nodeId, endpoints, prefix);
    return leadership;
  }

  @Override
  public boolean isLeader() {
    Term t = term;
    return t != null && t.key != null && t.alive() && !closed;
  }

  @Override
  public void watch(Listener l) {
    this.listener = l;
  }

  @Override
  public long lastVersion(String namespace) {
    return versions.getOrDefault(namespace, 0L);
  }

  @Override
  public boolean record(String namespace, PlacementTables tables) {
    Term t = term;
    LeaderKey key = t == null ? null : t.key;
    if (key == null || !t.alive()) {
      return false;
    }
    @SuppressWarnings("deprecation") // the version in the tables' text field
    long version = Long.parseUnsignedLong(tables.getVersion());
    try {
      TxnResponse r = client.getKVClient().txn()
          .If(new Cmp(key.getKey(), Cmp.Op.EQUAL, CmpTarget.createRevision(key.getRevision())))
          .Then(Op.put(bytes(tablesPrefix + namespace), ByteSequence.from(tables.toByteArray()), PutOption.DEFAULT))
          .commit().get(recordTimeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!r.isSucceeded()) {
        t.fail("its election key is gone");
        return false;
      }
    } catch (ExecutionException | TimeoutException e) {
      t.fail("cannot record version " + version + " of namespace '" + namespace + "' in etcd: " + e);
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      t.fail("interrupted while recording tables");
      return false;
    }
    versions.merge(namespace, version, Math::max);
    return true;
  }

  /** Stops leading and campaigning: revokes the lease (the next replica leads at once) and closes the client. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      // The term ends within a poll (or a grant) and revokes its lease.
      campaigner.join(requestTimeout.toMillis() + REVOKE_TIMEOUT.toMillis() + 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.close();
  }

  /** The campaigner thread: one term after another until closed. */
  private void campaign() {
    while (!closed) {
      try {
        runTerm();
      } catch (InterruptedException e) {
        if (closed) {
          return;
        }
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        if (!closed) {
          LOG.warn("Placement node id={}: etcd election failed ({}); trying again", nodeId, e.toString());
        }
      }
      if (!closed) {
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private void runTerm() throws InterruptedException, ExecutionException, TimeoutException {
    long margin = Math.min(ttl.toNanos() / 4, TimeUnit.SECONDS.toNanos(1));
    long asked = System.nanoTime();
    long lease = client.getLeaseClient().grant(ttl.toSeconds()).get(requestTimeout.toMillis(),
        TimeUnit.MILLISECONDS).getID();
    Term t = new Term(lease, asked + ttl.toNanos() - margin);
    term = t;
    CompletableFuture<CampaignResponse> campaign = null;
    CloseableClient keepAlive = client.getLeaseClient().keepAlive(lease, keepAliveObserver(t, margin));
    try {
      campaign = client.getElectionClient().campaign(electionName, lease, bytes(nodeId));
      CampaignResponse won = null;
      while (won == null) {
        ensureObserving();
        if (closed) {
          return;
        }
        if (!t.alive()) {
          t.fail(t.failure == null ? "the lease expired while campaigning" : t.failure);
          LOG.info("Placement node id={}: campaign ended ({}); campaigning again", nodeId, t.failure);
          return;
        }
        try {
          won = campaign.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          // still campaigning
        }
      }
      LeaderKey key = won.getLeader();
      readVersions();
      t.key = key;
      LOG.info("Placement node id={} is the leader (etcd lease {}, revision {})", nodeId,
          Long.toHexString(lease), key.getRevision());
      listener.elected();
      while (!closed) {
        ensureObserving();
        KeyValue seen = observed;
        if (seen != null && !seen.getKey().equals(key.getKey()) && seen.getCreateRevision() > key.getRevision()) {
          t.fail("another replica leads (" + seen.getValue().toString(StandardCharsets.UTF_8) + ")");
        }
        if (!t.alive()) {
          String why = t.failure == null ? "no keep-alive of its etcd lease within " + ttl.toMillis() + " ms"
              : t.failure;
          t.fail(why);
          LOG.warn("Placement node id={} is no longer the leader: {}", nodeId, why);
          listener.lost(why);
          return;
        }
        Thread.sleep(POLL_MILLIS);
      }
    } finally {
      if (campaign != null) {
        campaign.cancel(true);
      }
      t.fail(closed ? "closed" : "term over");
      keepAlive.close();
      revoke(lease);
    }
  }

  private StreamObserver<LeaseKeepAliveResponse> keepAliveObserver(Term t, long margin) {
    return new StreamObserver<>() {
      @Override
      public void onNext(LeaseKeepAliveResponse r) {
        if (r.getTTL() <= 0) {
          t.fail("its etcd lease expired");
        } else {
          t.validUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(r.getTTL()) - margin;
        }
      }

      /** The lease is gone (NOT_FOUND), or the keep-alive stream failed: jetcd opens a new one, time will tell. */
      @Override
      public void onError(Throwable e) {
        if (e instanceof EtcdException ee && ee.getErrorCode() == ErrorCode.NOT_FOUND) {
          t.fail("its etcd lease is gone: " + e.getMessage());
        } else {
          LOG.debug("keep-alive of etcd lease {} failed, jetcd retries: {}", Long.toHexString(t.lease), e.toString());
        }
      }

      /** jetcd's own deadline of the lease passed without a keep-alive answered. */
      @Override
      public void onCompleted() {
        t.fail("no keep-alive of its etcd lease within " + ttl.toMillis() + " ms");
      }
    };
  }

  /** Keeps one observation of the election going: every new leader key etcd reports lands in {@link #observed}. */
  private void ensureObserving() {
    if (observing || closed || System.nanoTime() - observeFailed < TimeUnit.MILLISECONDS.toNanos(500)) {
      return;
    }
    observing = true;
    client.getElectionClient().observe(electionName, new Election.Listener() {
      @Override
      public void onNext(LeaderResponse r) {
        KeyValue kv = r.getKv();
        KeyValue before = observed;
        if (kv != null && (before == null || kv.getCreateRevision() >= before.getCreateRevision())) {
          observed = kv;
        }
      }

      @Override
      public void onError(Throwable e) {
        observeFailed = System.nanoTime();
        observing = false;
      }

      @Override
      public void onCompleted() {
        observeFailed = System.nanoTime();
        observing = false;
      }
    });
  }

  /** Reads every namespace's last recorded version (a new leader numbers on from them). */
  @SuppressWarnings("deprecation") // the version in the tables' text field
  private void readVersions() throws InterruptedException, ExecutionException, TimeoutException {
    List<KeyValue> kvs = client.getKVClient().get(bytes(tablesPrefix), GetOption.builder().isPrefix(true).build())
        .get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS).getKvs();
    for (KeyValue kv : kvs) {
      String namespace = kv.getKey().toString(StandardCharsets.UTF_8).substring(tablesPrefix.length());
      try {
        long v = Long.parseUnsignedLong(PlacementTables.parseFrom(kv.getValue().getBytes()).getVersion());
        versions.merge(namespace, v, Math::max);
      } catch (InvalidProtocolBufferException | NumberFormatException e) {
        LOG.warn("Placement node id={}: ignoring unreadable tables of namespace '{}' in etcd: {}", nodeId, namespace,
            e.toString());
      }
    }
  }

  /** Revokes {@code lease} (deleting its election key); when etcd does not answer in time, the lease expires. */
  private void revoke(long lease) {
    try {
      client.getLeaseClient().revoke(lease).get(REVOKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      LOG.debug("could not revoke etcd lease {}: {}", Long.toHexString(lease), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }
}
