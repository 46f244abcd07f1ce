package io.jdaprd.appchannel;

import io.jdaprd.core.appchannel.AppChannel;
import io.jdaprd.core.metrics.Metrics;

/** Makes the app channel for a {@code --app-protocol}. */
public final class AppChannels {
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
    return settings.grpc() ? new GrpcAppChannel(settings, metrics) : new HttpAppChannel(settings, metrics);
  }
}
