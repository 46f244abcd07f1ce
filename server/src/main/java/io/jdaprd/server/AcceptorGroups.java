package io.jdaprd.server;

import com.linecorp.armeria.common.Flags;
import com.linecorp.armeria.common.util.EventLoopGroups;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.netty.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The acceptor ("boss") thread of each server port, for {@code ServerBuilder.bossGroupFactory}: one non-daemon
 * thread, of Armeria's transport, that ends as soon as its server stops.
 *
 * <p>Armeria's default group, like Netty's, waits a quiet period of two seconds for more tasks before its thread
 * ends, and a server's stop waits for that. {@code EventLoopGroups.builder().gracefulShutdown(..)} does not help:
 * it wraps the group, while the server shuts down the group it finds behind the channel, the unwrapped one. So the
 * group here is a Netty group of its own that shuts down without a quiet period.
 */
final class AcceptorGroups {
  private AcceptorGroups() {
  }

  /** A one-thread group named {@code threadName}; Armeria's default one on a transport other than epoll or NIO. */
  static EventLoopGroup create(String threadName) {
    IoHandlerFactory io = switch (Flags.transportType()) {
      case EPOLL -> EpollIoHandler.newFactory();
      case NIO -> NioIoHandler.newFactory();
      default -> null;
    };
    if (io == null) {
      return EventLoopGroups.newEventLoopGroup(1, threadName, false);
    }
    return new WithoutQuietPeriod(r -> new FastThreadLocalThread(r, threadName), io);
  }

  private static final class WithoutQuietPeriod extends MultiThreadIoEventLoopGroup {
    WithoutQuietPeriod(ThreadFactory threads, IoHandlerFactory io) {
      super(1, threads, io);
    }

    @Override
    public Future<?> shutdownGracefully() {
      return shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
    }
  }
}
