package io.jdaprd.components.nameresolution;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The addresses heard for one app id, each with the instance that gave it and the time it expires
 * ({@link MdnsNameResolver#ADDRESS_TTL_SECONDS} after it was last heard). Thread-safe.
 */
final class AppAddresses {
  private static final long TTL_NANOS = Duration.ofSeconds(MdnsNameResolver.ADDRESS_TTL_SECONDS).toNanos();

  private record Heard(boolean ipv6, List<String> instance, long expiresAtNanos) {
  }

  private final Map<String, Heard> addresses = new LinkedHashMap<>();

  /** Records {@code address} as heard at {@code nowNanos}. */
  synchronized void add(String address, boolean ipv6, List<String> instance, long nowNanos) {
    addresses.put(address, new Heard(ipv6, instance, nowNanos + TTL_NANOS));
  }

  /** Forgets the addresses {@code instance} gave (it withdrew its records). */
  synchronized void withdraw(List<String> instance) {
    addresses.values().removeIf(heard -> DnsMessage.sameName(heard.instance(), instance));
  }

  /** The unexpired addresses, in the order first heard: the IPv4 ones, or the IPv6 ones when there is no IPv4 one. */
  synchronized List<String> live(long nowNanos) {
    addresses.values().removeIf(heard -> nowNanos - heard.expiresAtNanos() >= 0);
    List<String> v4 = new ArrayList<>();
    List<String> v6 = new ArrayList<>();
    addresses.forEach((address, heard) -> (heard.ipv6() ? v6 : v4).add(address));
    return v4.isEmpty() ? v6 : v4;
  }
}
