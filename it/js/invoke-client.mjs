// Service invocation with the official Dapr JS SDK (@dapr/dapr 3.18.0) as the caller: a DaprClient, over HTTP and
// then gRPC, calls the app of another sidecar (the it module's InvokeApp: /echo/... answers the body with its
// content type, /status/<n> answers status n) through the sidecar at DAPR_HOST.
// Env: DAPR_HOST, DAPR_HTTP_PORT, DAPR_GRPC_PORT (the calling sidecar's), TARGET (the target's app id).
// Prints one JSON line per check: {"protocol","check","ok","observed"[,"expected"]}, then a summary line; exits 1 if
// any check failed, 2 if the script itself broke.
import { CommunicationProtocolEnum, DaprClient, HttpMethod, LogLevel } from "@dapr/dapr";

const host = process.env.DAPR_HOST ?? "127.0.0.1";
const target = process.env.TARGET;
const silent = { error() {}, warn() {}, info() {}, verbose() {}, debug() {} };
let failures = 0;

function report(protocol, check, observed, expected) {
  const ok = JSON.stringify(observed) === JSON.stringify(expected);
  if (!ok) {
    failures++;
  }
  const line = { protocol, check, ok, observed };
  if (!ok) {
    line.expected = expected;
  }
  console.log(JSON.stringify(line));
}

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
  const p = protocol === CommunicationProtocolEnum.HTTP ? "http" : "grpc";
  const client = new DaprClient({
    daprHost: host,
    daprPort: port,
    communicationProtocol: protocol,
    logger: { level: LogLevel.Error, service: silent },
  });
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

try {
  await run(CommunicationProtocolEnum.HTTP, process.env.DAPR_HTTP_PORT);
  await run(CommunicationProtocolEnum.GRPC, process.env.DAPR_GRPC_PORT);
} catch (e) {
  console.log(JSON.stringify({ check: "script", ok: false, observed: String(e?.stack ?? e) }));
  process.exit(2);
}
console.log(JSON.stringify({ summary: true, failures }));
process.exit(failures === 0 ? 0 : 1);
