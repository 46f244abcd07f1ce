package io.jdaprd.core.pubsub;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The topic scoping of one pub/sub component, read from its metadata exactly as daprd reads it: {@code allowedTopics}
 * and {@code protectedTopics} ({@code t1,t2}), {@code publishingScopes} and {@code subscriptionScopes}
 * ({@code app1=t1,t2;app2=;app3=t3}); names are case-insensitive and spaces are removed.
 *
 * <p>A topic is allowed for an app when (1) {@code allowedTopics} is empty or lists it, and (2) the topic is not
 * protected and the scope list has no entry for the app, or the app's entry lists it. An entry such as {@code app2=}
 * lists only the empty topic, so it denies every topic.
 */
public final class TopicScopes {
  /** No scoping at all. */
  public static final TopicScopes NONE = new TopicScopes(List.of(), List.of(), List.of(), List.of());

  private final List<String> allowed;
  private final List<String> protectedTopics;
  private final List<String> publishing;
  private final List<String> subscribing;

  private TopicScopes(List<String> allowed, List<String> protectedTopics, List<String> publishing,
      List<String> subscribing) {
    this.allowed = allowed;
    this.protectedTopics = protectedTopics;
    this.publishing = publishing;
    this.subscribing = subscribing;
  }

  /** The scoping of a component with {@code metadata}, for the app {@code appId}. */
  public static TopicScopes of(Map<String, String> metadata, String appId) {
    return new TopicScopes(topics(find(metadata, "allowedTopics")), topics(find(metadata, "protectedTopics")),
        scoped(find(metadata, "publishingScopes"), appId), scoped(find(metadata, "subscriptionScopes"), appId));
  }

  /** Whether this app may publish to {@code topic}. */
  public boolean canPublish(String topic) {
    return allows(topic, publishing);
  }

  /** Whether this app may subscribe to {@code topic}. */
  public boolean canSubscribe(String topic) {
    return allows(topic, subscribing);
  }

  private boolean allows(String topic, List<String> scopedTopics) {
    if (!allowed.isEmpty() && !allowed.contains(topic)) {
      return false;
    }
    if (!protectedTopics.contains(topic) && scopedTopics.isEmpty()) {
      return true;
    }
    return scopedTopics.contains(topic);
  }

  private static String find(Map<String, String> metadata, String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      if (e.getKey().toLowerCase(Locale.ROOT).equals(lower)) {
        return e.getValue();
      }
    }
    return null;
  }

  private static List<String> topics(String value) {
    if (value == null || value.isEmpty()) {
      return List.of();
    }
    Set<String> out = new LinkedHashSet<>(List.of(value.replace(" ", "").split(",", -1)));
    return List.copyOf(out);
  }

  private static List<String> scoped(String value, String appId) {
    if (value == null || value.isEmpty()) {
      return List.of();
    }
    Set<String> out = new LinkedHashSet<>();
    for (String app : value.replace(" ", "").split(";", -1)) {
      String[] appTopics = app.split("=", -1);
      if (appTopics.length < 2 || !appTopics[0].equals(appId)) {
        continue;
      }
      out.addAll(List.of(appTopics[1].split(",", -1)));
    }
    return new ArrayList<>(out);
  }
}
