/** The HTTP routes of the jobs API: {@link io.jdaprd.api.http.jobs.JobsRoutes}. */
package io.jdaprd.api.http.jobs;
