package io.jdaprd.core.component;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the resources directories, as daprd's disk loader does, and runs a {@link Pass} once for each burst of
 * changes (files written, created, renamed or deleted): {@link #BATCH} after the first event of a burst, so that an
 * editor's several writes make one pass; and every {@code interval} besides, daprd's backup reconcile for anything a
 * watch missed. Runs on one platform thread until {@link #close()}; a failing pass is logged and the watch goes on.
 */
public final class ResourceWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ResourceWatcher.class);
  /** How long a burst of file events is collected before one pass. */
  public static final Duration BATCH = Duration.ofMillis(100);

  private final WatchService watch;
  private final Thread thread;
  private volatile boolean closed;

  /** One reconcile pass over the resources. */
  @FunctionalInterface
  public interface Pass {
    /**
     * Runs the pass.
     *
     * @param filesChanged {@code true} after file events, {@code false} for the scheduled backup pass
     */
    void run(boolean filesChanged);
  }

  private ResourceWatcher(WatchService watch, Pass onChange, Duration interval) {
    this.watch = watch;
    this.thread = Thread.ofPlatform().daemon().name("hot-reload").unstarted(() -> run(onChange, interval));
  }

  /**
   * Starts watching {@code directories} (the ones that exist).
   *
   * @param interval the backup pass's period (daprd's {@code --hot-reload-reconcile-interval}, 60 s by default)
   * @throws IOException when the file system cannot watch
   */
  public static ResourceWatcher start(List<Path> directories, Duration interval, Pass onChange)
      throws IOException {
    WatchService watch = FileSystems.getDefault().newWatchService();
    for (Path dir : directories) {
      if (Files.isDirectory(dir)) {
        dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_DELETE);
      }
    }
    ResourceWatcher w = new ResourceWatcher(watch, onChange, interval);
    w.thread.start();
    return w;
  }

  private void run(Pass onChange, Duration interval) {
    long nextBackup = System.nanoTime() + interval.toNanos();
    while (!closed) {
      try {
        long wait = Math.max(1, nextBackup - System.nanoTime());
        WatchKey key = watch.poll(wait, TimeUnit.NANOSECONDS);
        boolean filesChanged = key != null;
        if (filesChanged) {
          drain(key);
          // collect the rest of the burst
          long until = System.nanoTime() + BATCH.toNanos();
          for (long left = BATCH.toNanos(); left > 0; left = until - System.nanoTime()) {
            WatchKey more = watch.poll(left, TimeUnit.NANOSECONDS);
            if (more != null) {
              drain(more);
            }
          }
        } else {
          nextBackup = System.nanoTime() + interval.toNanos();
          LOG.debug("running the scheduled resources reconcile");
        }
        if (!closed) {
          onChange.run(filesChanged);
        }
      } catch (InterruptedException | ClosedWatchServiceException e) {
        return;
      } catch (RuntimeException e) {
        LOG.error("hot reload: reconciling the resources failed: {}", e.toString());
      }
    }
  }

  private static void drain(WatchKey key) {
    key.pollEvents();
    key.reset();
  }

  /** Stops watching; a pass under way finishes first. */
  @Override
  public void close() {
    closed = true;
    try {
      watch.close();
    } catch (IOException e) {
      LOG.debug("closing the resources watch: {}", e.toString());
    }
    try {
      thread.join(Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
