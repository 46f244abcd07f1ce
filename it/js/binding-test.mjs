// Drives a running jdaprd sidecar's output bindings with the official Dapr JS SDK (@dapr/dapr 3.18.0), over HTTP and
// then gRPC. Env: DAPR_HOST, DAPR_HTTP_PORT, DAPR_GRPC_PORT; the sidecar has "files", a bindings.localstorage.
// Prints one JSON line per check: {"protocol","check","ok","observed"[,"expected"]}, then a summary line; exits 1
// if any check failed, 2 if the script itself broke.
import { CommunicationProtocolEnum } from "@dapr/dapr";
import { daprClient, failure, httpError, main, protocolName, report } from "./checks.mjs";

const text = (bytes) => Buffer.from(bytes ?? []).toString("utf-8");

async function run(protocol, port) {
  const p = protocolName(protocol);
  const client = daprClient(protocol, port);
  const notFound = "error invoking output binding nope: couldn't find output binding nope";
  if (p === "http") {
    report(p, "create", await client.binding.send("files", "create", { msg: "hi" }, { fileName: "js.txt" }),
      { fileName: "js.txt" });
    report(p, "get", await client.binding.send("files", "get", null, { fileName: "js.txt" }), { msg: "hi" });
    // daprd answers 204 without a body; the SDK resolves that to "".
    report(p, "delete", await client.binding.send("files", "delete", null, { fileName: "js.txt" }), "");
    report(p, "unknown-binding", await failure(() => client.binding.send("nope", "create", 1)),
      httpError(500, "Internal Server Error", JSON.stringify({ errorCode: "ERR_INVOKE_OUTPUT_BINDING",
        message: notFound }), false));
  } else {
    const created = await client.binding.send("files", "create", "from grpc");
    report(p, "create", { operation: created.operation, fileName: /^\{"fileName":"[0-9a-f-]{36}"\}$/
      .test(text(created.data)) }, { operation: "create", fileName: true });
    report(p, "unknown-binding", await failure(() => client.binding.send("nope", "create", 1)),
      { kind: "ConnectError", code: 13, rawMessage: notFound, details: ["google.rpc.ErrorInfo"] });
  }
  await client.stop();
}

await main(async () => {
  await run(CommunicationProtocolEnum.HTTP, process.env.DAPR_HTTP_PORT);
  await run(CommunicationProtocolEnum.GRPC, process.env.DAPR_GRPC_PORT);
});
