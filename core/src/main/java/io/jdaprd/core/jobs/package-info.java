/** The jobs API: {@link io.jdaprd.core.jobs.JobsBlock}. */
package io.jdaprd.core.jobs;
