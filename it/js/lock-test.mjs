// Drives a running jdaprd sidecar's distributed lock with the official Dapr JS SDK (@dapr/dapr 3.18.0), over HTTP
// and then gRPC. Env: DAPR_HOST, DAPR_HTTP_PORT, DAPR_GRPC_PORT, RUN (a token that makes resource ids unique); the
// sidecar's lock store is "lockstore". Prints one JSON line per check: {"protocol","check","ok","observed"
// [,"expected"]}, then a summary line; exits 1 if any check failed, 2 if the script itself broke.
import { CommunicationProtocolEnum } from "@dapr/dapr";
import { daprClient, errorShape, main, protocolName, report } from "./checks.mjs";

const runId = process.env.RUN ?? "run";
// An error as the SDK surfaces it, narrowed to what these checks compare: a gRPC ConnectError's code and raw
// grpc-message, an HTTP Error's status and body.
function shapeOf(e) {
  const shape = errorShape(e);
  if (shape.kind === "ConnectError") {
    return { kind: shape.kind, code: shape.code, rawMessage: shape.rawMessage };
  }
  return shape.kind === "Error" ? { kind: shape.kind, status: shape.status, error_msg: shape.error_msg } : shape;
}

async function failure(call) {
  try {
    const result = await call();
    return result && result.error ? shapeOf(result.error) : { kind: "no error", result };
  } catch (e) {
    return shapeOf(e);
  }
}

async function run(protocol, port) {
  const p = protocolName(protocol);
  const client = daprClient(protocol, port);
  const store = "lockstore";
  const res = `js-${p}-${runId}`;

  report(p, "lock", await client.lock.lock(store, res, "owner-a", 30), { success: true });
  report(p, "lock-held", await client.lock.lock(store, res, "owner-b", 30), { success: false });
  report(p, "unlock-foreign", await client.lock.unlock(store, res, "owner-b"), { status: 2 });
  report(p, "unlock", await client.lock.unlock(store, res, "owner-a"), { status: 0 });
  report(p, "unlock-absent", await client.lock.unlock(store, res, "owner-a"), { status: 1 });

  const expiry = "ExpiryInSeconds is not positive in lock store lockstore";
  report(p, "expiry-not-positive", await failure(() => client.lock.lock(store, res, "owner-a", 0)), p === "http"
    ? { kind: "Error", status: 400, error_msg: `{"errorCode":"ERR_MALFORMED_REQUEST","message":"${expiry}"}` }
    : { kind: "ConnectError", code: 3, rawMessage: expiry });
  const notFound = "lock store nostore not found";
  report(p, "unknown-store", await failure(() => client.lock.unlock("nostore", res, "owner-a")), p === "http"
    ? { kind: "Error", status: 400, error_msg: `{"errorCode":"ERR_LOCK_STORE_NOT_FOUND","message":"${notFound}"}` }
    : { kind: "ConnectError", code: 3, rawMessage: notFound });

  await client.stop();
}

await main(async () => {
  await run(CommunicationProtocolEnum.HTTP, process.env.DAPR_HTTP_PORT);
  await run(CommunicationProtocolEnum.GRPC, process.env.DAPR_GRPC_PORT);
});
