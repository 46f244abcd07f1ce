// Drives a running jdaprd sidecar's output bindings with the official Dapr JS SDK (@dapr/dapr 3.18.0), over HTTP and
// then gRPC. Env: DAPR_HOST, DAPR_HTTP_PORT, DAPR_GRPC_PORT; the sidecar has "files", a bindings.localstorage.
// Prints one JSON line per check: {"protocol","check","ok","observed"[,"expected"]}, then a summary line; exits 1
// if any check failed, 2 if the script itself broke.
import { CommunicationProtocolEnum, DaprClient, LogLevel } from "@dapr/dapr";

const host = process.env.DAPR_HOST ?? "127.0.0.1";
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

// The error of a call, as the SDK surfaces it: an HTTP Error carries JSON {error, error_msg, status} in its
// message; a gRPC ConnectError has a numeric code, the raw grpc-message and the decoded detail types.
function shapeOf(e) {
  if (e === undefined || e === null) {
    return { kind: "no error" };
  }
  if (typeof e.code === "number" && "rawMessage" in e) {
    return {
      kind: "ConnectError",
      code: e.code,
      rawMessage: e.rawMessage,
      details: (e.details ?? []).map((d) => d.type ?? d.desc?.typeName),
    };
  }
  try {
    const parsed = JSON.parse(e.message);
    return { kind: "Error", status: parsed.status, error: parsed.error, error_msg: parsed.error_msg };
  } catch {
    return { kind: "other", message: String(e.message ?? e) };
  }
}

async function failure(call) {
  try {
    const result = await call();
    return result && result.error ? { resolvedWithError: true, ...shapeOf(result.error) } : shapeOf(undefined);
  } catch (e) {
    return shapeOf(e);
  }
}

function httpError(status, error, body, resolvedWithError) {
  const shape = { kind: "Error", status, error, error_msg: body };
  return resolvedWithError ? { resolvedWithError: true, ...shape } : shape;
}

const text = (bytes) => Buffer.from(bytes ?? []).toString("utf-8");

async function run(protocol, port) {
  const p = protocol === CommunicationProtocolEnum.HTTP ? "http" : "grpc";
  const client = new DaprClient({
    daprHost: host,
    daprPort: port,
    communicationProtocol: protocol,
    logger: { level: LogLevel.Error, service: silent },
  });
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

try {
  await run(CommunicationProtocolEnum.HTTP, process.env.DAPR_HTTP_PORT);
  await run(CommunicationProtocolEnum.GRPC, process.env.DAPR_GRPC_PORT);
} catch (e) {
  console.log(JSON.stringify({ check: "script", ok: false, observed: String(e?.stack ?? e) }));
  process.exit(2);
}
console.log(JSON.stringify({ summary: true, failures }));
process.exit(failures === 0 ? 0 : 1);
