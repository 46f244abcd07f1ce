/**
 * Go compatibility in one place, so that what jdaprd writes is byte-identical to what daprd (a Go program) writes:
 * {@link io.jdaprd.golang.GoFmt} ({@code fmt.Sprintf}'s verbs), {@link io.jdaprd.golang.Strconv}
 * ({@code strconv.Quote}, {@code strconv.Atoi} / {@code ParseInt} with Go's error texts),
 * {@link io.jdaprd.golang.GoJson} ({@code encoding/json}'s writer), {@link io.jdaprd.golang.GoJsonDecoding} (the
 * decoding rules and error texts of {@code encoding/json} that daprd's API relies on) and
 * {@link io.jdaprd.golang.GoDurations} ({@code time.ParseDuration} and Dapr's metadata durations). Depends on the
 * JDK and Jackson only.
 */
package io.jdaprd.golang;
