package io.jdaprd.api.grpc.actors;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import io.dapr.v1.DaprActorCallbacksProtos.ActorEntityConfig;
import io.dapr.v1.DaprActorCallbacksProtos.ActorReentrancyConfig;
import io.dapr.v1.DaprActorCallbacksProtos.SubscribeActorEventsRequestAlpha1;
import io.dapr.v1.DaprActorCallbacksProtos.SubscribeActorEventsRequestInitialAlpha1;
import io.dapr.v1.DaprActorCallbacksProtos.SubscribeActorEventsResponseAlpha1;
import io.dapr.v1.DaprActorCallbacksProtos.SubscribeActorEventsResponseDeactivateRequestAlpha1;
import io.dapr.v1.DaprActorCallbacksProtos.SubscribeActorEventsResponseInvokeRequestAlpha1;
import io.dapr.v1.DaprActorCallbacksProtos.SubscribeActorEventsResponseReminderRequestAlpha1;
import io.dapr.v1.DaprActorCallbacksProtos.SubscribeActorEventsResponseTimerRequestAlpha1;
import io.jdaprd.core.actors.ActorsConfig;
import io.jdaprd.core.actors.ActorsConfig.TypeConfig;
import io.jdaprd.core.actors.callbackstream.ActorAnswer;
import io.jdaprd.core.actors.callbackstream.ActorCallback;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The messages of {@code SubscribeActorEventsAlpha1} to and from the core records. */
final class ActorCallbackMessages {
  /** daprd's default reentrancy stack depth. */
  private static final int DEFAULT_STACK_DEPTH = 32;

  private ActorCallbackMessages() {
  }

  /**
   * The registration as the actor runtime takes it: the app-wide idle timeout, drain timeout, drain setting and
   * reentrancy, and per-type overrides from {@code entities_config} for the types registered. An absent (or zero)
   * duration keeps the runtime's default; an entry without {@code reentrancy} has reentrancy off, as daprd reads an
   * absent reentrancy config.
   */
  static ActorsConfig config(SubscribeActorEventsRequestInitialAlpha1 r) {
    TypeConfig base = ActorsConfig.NONE.defaults();
    TypeConfig defaults = new TypeConfig(
        duration(r.hasActorIdleTimeout(), r.getActorIdleTimeout(), base.idleTimeout()),
        duration(r.hasDrainOngoingCallTimeout(), r.getDrainOngoingCallTimeout(), base.drainTimeout()),
        r.hasReentrancy() && r.getReentrancy().getEnabled(), depth(r.hasReentrancy(), r.getReentrancy()));
    Map<String, TypeConfig> perType = new LinkedHashMap<>();
    for (ActorEntityConfig e : r.getEntitiesConfigList()) {
      TypeConfig c = new TypeConfig(
          duration(e.hasActorIdleTimeout(), e.getActorIdleTimeout(), defaults.idleTimeout()),
          duration(e.hasDrainOngoingCallTimeout(), e.getDrainOngoingCallTimeout(), defaults.drainTimeout()),
          e.hasReentrancy() && e.getReentrancy().getEnabled(), depth(e.hasReentrancy(), e.getReentrancy()));
      e.getEntitiesList().stream().filter(r.getEntitiesList()::contains).forEach(t -> perType.put(t, c));
    }
    return new ActorsConfig(List.copyOf(r.getEntitiesList()), ActorsConfig.NONE.scanInterval(),
        !r.hasDrainRebalancedActors() || r.getDrainRebalancedActors(), defaults, perType);
  }

  private static Duration duration(boolean present, com.google.protobuf.Duration d, Duration fallback) {
    Duration value = present ? Duration.ofSeconds(d.getSeconds(), d.getNanos()) : Duration.ZERO;
    return value.compareTo(Duration.ZERO) > 0 ? value : fallback;
  }

  private static int depth(boolean present, ActorReentrancyConfig r) {
    return present && r.hasMaxStackDepth() ? r.getMaxStackDepth() : DEFAULT_STACK_DEPTH;
  }

  /** The core form of an answer; {@code null} for a message that answers nothing (dropped, as daprd drops it). */
  static ActorAnswer answer(SubscribeActorEventsRequestAlpha1 m) {
    return switch (m.getRequestTypeCase()) {
      case INVOKE_RESPONSE -> new ActorAnswer.Invoked(m.getInvokeResponse().getId(),
          m.getInvokeResponse().getData().toByteArray(), m.getInvokeResponse().getMetadataMap(),
          m.getInvokeResponse().getError());
      case REMINDER_RESPONSE -> new ActorAnswer.Ticked(m.getReminderResponse().getId(), false,
          m.getReminderResponse().getCancel());
      case TIMER_RESPONSE -> new ActorAnswer.Ticked(m.getTimerResponse().getId(), true,
          m.getTimerResponse().getCancel());
      case DEACTIVATE_RESPONSE -> new ActorAnswer.Deactivated(m.getDeactivateResponse().getId());
      case REQUEST_FAILED -> new ActorAnswer.Failed(m.getRequestFailed().getId(), m.getRequestFailed().getCode(),
          m.getRequestFailed().getMessage());
      default -> null;
    };
  }

  /** The proto form of a callback. */
  static SubscribeActorEventsResponseAlpha1 callback(ActorCallback callback) {
    SubscribeActorEventsResponseAlpha1.Builder out = SubscribeActorEventsResponseAlpha1.newBuilder();
    switch (callback) {
      case ActorCallback.Invoke i -> out.setInvokeRequest(SubscribeActorEventsResponseInvokeRequestAlpha1.newBuilder()
          .setId(i.id()).setActorType(i.actorType()).setActorId(i.actorId()).setMethod(i.method())
          .setData(ByteString.copyFrom(i.data())).putAllMetadata(i.metadata()));
      case ActorCallback.Reminder r -> {
        SubscribeActorEventsResponseReminderRequestAlpha1.Builder b = SubscribeActorEventsResponseReminderRequestAlpha1
            .newBuilder().setId(r.id()).setActorType(r.actorType()).setActorId(r.actorId()).setName(r.name())
            .setDueTime(r.dueTime()).setPeriod(r.period());
        if (r.data() != null) {
          b.setData(bytes(r.data()));
        }
        out.setReminderRequest(b);
      }
      case ActorCallback.Timer t -> {
        SubscribeActorEventsResponseTimerRequestAlpha1.Builder b = SubscribeActorEventsResponseTimerRequestAlpha1
            .newBuilder().setId(t.id()).setActorType(t.actorType()).setActorId(t.actorId()).setName(t.name())
            .setDueTime(t.dueTime()).setPeriod(t.period()).setCallback(t.callback());
        if (t.data() != null) {
          b.setData(bytes(t.data()));
        }
        out.setTimerRequest(b);
      }
      case ActorCallback.Deactivate d -> out.setDeactivateRequest(SubscribeActorEventsResponseDeactivateRequestAlpha1
          .newBuilder().setId(d.id()).setActorType(d.actorType()).setActorId(d.actorId()));
    }
    return out.build();
  }

  /** Reminder and timer data as daprd holds it: the stored bytes as a {@code google.protobuf.BytesValue}. */
  private static Any bytes(byte[] data) {
    return Any.pack(BytesValue.of(ByteString.copyFrom(data)));
  }
}
