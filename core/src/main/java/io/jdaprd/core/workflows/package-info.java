/** Workflows: {@link io.jdaprd.core.workflows.WorkflowsBlock}. */
package io.jdaprd.core.workflows;
