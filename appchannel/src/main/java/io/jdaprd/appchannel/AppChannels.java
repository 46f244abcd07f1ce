package io.jdaprd.appchannel;

import com.linecorp.armeria.client.DecoratingHttpClientFunction;
import io.jdaprd.core.appchannel.AppChannel;
import io.jdaprd.core.metrics.Metrics;

/** Makes the app channel for a {@code --app-protocol}. */
public final class AppChannels {
  /**
   * Set on the HTTP app's health probe requests: the app pipeline lets them through, as daprd probes past its
   * middleware.
   */
  public static final io.netty.util.AttributeKey<Boolean> HEALTH_PROBE = io.netty.util.AttributeKey.valueOf(
      AppChannels.class, "HEALTH_PROBE");

  private AppChannels() {
  }

  /**
   * The HTTP channel for {@code http}, {@code https} and {@code h2c}, the gRPC {@code AppCallback} channel for
   * {@code grpc} and {@code grpcs}. Nothing connects until the first call.
   */
  public static AppChannel create(AppChannelSettings settings) {
    return create(settings, Metrics.NONE);
  }

  /** {@link #create(AppChannelSettings)} recording the app's calls in {@code metrics}. */
  public static AppChannel create(AppChannelSettings settings, Metrics metrics) {
    return create(settings, metrics, null);
  }

  /**
   * {@link #create(AppChannelSettings, Metrics)} with the Configuration's {@code spec.appHttpPipeline} around every
   * HTTP call into the app but the health probe, as daprd runs it ({@code null}, or a gRPC app: none).
   */
  public static AppChannel create(AppChannelSettings settings, Metrics metrics,
      DecoratingHttpClientFunction pipeline) {
    return settings.grpc() ? new GrpcAppChannel(settings, metrics) : new HttpAppChannel(settings, metrics, pipeline);
  }
}
