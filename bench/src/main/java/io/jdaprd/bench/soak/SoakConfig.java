package io.jdaprd.bench.soak;

import java.time.Duration;

/**
 * How to soak one running sidecar.
 *
 * @param pid the sidecar's process id (read from {@code /proc})
 * @param httpPort its HTTP API port
 * @param appId its app id (service invocation goes to its own app)
 * @param apiToken the {@code dapr-api-token} to send, {@code null} for none
 * @param rate requests per second, spread evenly over the five kinds of call
 * @param duration how long the load lasts; longer, up to twice as long, when the generator is still behind its plan
 *     at the end of the warm-up (a cold start on a busy machine), so that the stretch at the rate after the warm-up
 *     is still {@code duration - warmup} long
 * @param interval how often the process is sampled
 * @param warmup the first stretch, left out of the slopes (JIT, heap sizing, connection pools filling)
 */
public record SoakConfig(long pid, int httpPort, String appId, String apiToken, int rate, Duration duration,
    Duration interval, Duration warmup) {
}
