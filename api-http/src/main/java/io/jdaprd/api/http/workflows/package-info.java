/** The HTTP routes of workflows: {@link io.jdaprd.api.http.workflows.WorkflowsRoutes}. */
package io.jdaprd.api.http.workflows;
