/**
 * App health checks ({@code --enable-app-health-check}): {@link io.jdaprd.core.apphealth.AppHealth} probes the app
 * on an interval, turns unhealthy after a threshold of consecutive failed probes and healthy again on one success,
 * and tells its listeners of each change; {@link io.jdaprd.core.apphealth.AppHealthConfig} holds daprd's settings
 * and {@link io.jdaprd.core.apphealth.ProbeResult} one probe's outcome.
 */
package io.jdaprd.core.apphealth;
