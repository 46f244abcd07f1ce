// Service invocation with the official Dapr JS SDK (@dapr/dapr 3.18.0) as the caller: a DaprClient, over HTTP and
// then gRPC, calls the app of another sidecar (the it module's InvokeApp: /echo/... answers the body with its
// content type, /status/<n> answers status n) through the sidecar at DAPR_HOST.
// Env: DAPR_HOST, DAPR_HTTP_PORT, DAPR_GRPC_PORT (the calling sidecar's), TARGET (the target's app id).
// Prints one JSON line per check: {"protocol","check","ok","observed"[,"expected"]}, then a summary line; exits 1 if
// any check failed, 2 if the script itself broke.
import { CommunicationProtocolEnum, HttpMethod } from "@dapr/dapr";
import { daprClient, main, protocolName, report } from "./checks.mjs";

const target = process.env.TARGET;
async function failure(call) {
  try {
    return { resolved: await call() };
  } catch (e) {
    try {
      // the reason phrase ("error") is left out: Go's is "I'm a teapot" for 418, Armeria's "Client Error (418)"
      const { error_msg, status } = JSON.parse(e.message);
      return { threw: { error_msg, status } };
    } catch {
      return { threw: String(e?.message ?? e) };
    }
  }
}

async function run(protocol, port) {
  const p = protocolName(protocol);
  const client = daprClient(protocol, port);
  report(p, "post-json", await client.invoker.invoke(target, `echo/js-${p}`, HttpMethod.POST,
    { order: 1, items: ["a", "b"] }), { order: 1, items: ["a", "b"] });
  report(p, "put-json", await client.invoker.invoke(target, `echo/js-${p}-put`, HttpMethod.PUT, { n: 2 }),
    { n: 2 });
  if (p === "http") {
    report(p, "app-status", await failure(() => client.invoker.invoke(target, "status/418", HttpMethod.GET)),
      { threw: { error_msg: "status 418", status: 418 } });
    report(p, "unknown-app", await failure(() => client.invoker.invoke("nobody", "x", HttpMethod.POST, { a: 1 })),
      { threw: { error_msg: "{\"errorCode\":\"ERR_DIRECT_INVOKE\",\"message\":"
        + "\"failed to invoke, id: nobody, err: no host found with the given ID\"}", status: 500 } });
  }
  await client.stop();
}

await main(async () => {
  await run(CommunicationProtocolEnum.HTTP, process.env.DAPR_HTTP_PORT);
  await run(CommunicationProtocolEnum.GRPC, process.env.DAPR_GRPC_PORT);
});
