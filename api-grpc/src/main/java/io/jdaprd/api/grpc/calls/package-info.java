/**
 * The plumbing every gRPC adapter package shares: {@link io.jdaprd.api.grpc.calls.GrpcMethods} binds a block's RPCs,
 * {@link io.jdaprd.api.grpc.calls.GrpcCalls} runs each call and renders its failure as daprd's status (the call
 * handlers move each call off the event loop onto a virtual thread), and
 * {@link io.jdaprd.api.grpc.calls.LanguageInterceptor} carries the caller's {@code accept-language}. It sits below
 * the block packages and {@link io.jdaprd.api.grpc.DaprGrpcApi}, which assembles them, so no package cycle forms.
 */
package io.jdaprd.api.grpc.calls;
