/** The gRPC RPCs of the jobs API: {@link io.jdaprd.api.grpc.jobs.JobsMethods}. */
package io.jdaprd.api.grpc.jobs;
