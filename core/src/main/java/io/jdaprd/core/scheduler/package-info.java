/**
 * The parts of one scheduler that actor timers, reminders and the jobs API share: {@link
 * io.jdaprd.core.scheduler.DueQueue} runs keyed jobs at their due time (one dispatcher, a priority queue, bounded
 * deliveries on virtual threads; actor timers wait in it), and {@link io.jdaprd.core.scheduler.PartitionedStore}
 * keeps records durably in a state store in daprd's partitioned reminder layout (not used yet; reminders and jobs
 * are to move onto it).
 */
package io.jdaprd.core.scheduler;
