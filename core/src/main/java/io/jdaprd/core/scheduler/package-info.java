/**
 * The parts of one scheduler that actor timers, reminders and the jobs API share: {@link
 * io.jdaprd.core.scheduler.DueQueue} runs keyed jobs at their due time (one dispatcher, a priority queue, bounded
 * deliveries on virtual threads; actor timers wait in it), {@link io.jdaprd.core.scheduler.PartitionedStore} keeps
 * records durably in a state store in daprd's partitioned reminder layout (not used yet; reminders and jobs are to
 * move onto it), and {@link io.jdaprd.core.scheduler.ManualClock} is the clock a test moves, on which whatever waits
 * for a due time wakes when it is moved.
 */
package io.jdaprd.core.scheduler;
