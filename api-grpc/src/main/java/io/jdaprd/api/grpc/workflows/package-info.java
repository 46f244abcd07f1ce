/** The gRPC RPCs of workflows: {@link io.jdaprd.api.grpc.workflows.WorkflowsMethods}. */
package io.jdaprd.api.grpc.workflows;
