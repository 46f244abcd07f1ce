// Drives a running jdaprd sidecar's distributed lock with the official Dapr JS SDK (@dapr/dapr 3.18.0), over HTTP
// and then gRPC. Env: DAPR_HOST, DAPR_HTTP_PORT, DAPR_GRPC_PORT, RUN (a token that makes resource ids unique); the
// sidecar's lock store is "lockstore". Prints one JSON line per check: {"protocol","check","ok","observed"
// [,"expected"]}, then a summary line; exits 1 if any check failed, 2 if the script itself broke.
import { CommunicationProtocolEnum, DaprClient, LogLevel } from "@dapr/dapr";

const host = process.env.DAPR_HOST ?? "127.0.0.1";
const runId = process.env.RUN ?? "run";
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

// An error as the SDK surfaces it: HTTP errors carry JSON {error, error_msg, status} in their message; a gRPC
// ConnectError has a numeric code and the raw grpc-message.
function shapeOf(e) {
  if (typeof e?.code === "number" && "rawMessage" in e) {
    return { kind: "ConnectError", code: e.code, rawMessage: e.rawMessage };
  }
  try {
    const parsed = JSON.parse(e.message);
    return { kind: "Error", status: parsed.status, error_msg: parsed.error_msg };
  } catch {
    return { kind: "other", message: String(e?.message ?? e) };
  }
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
  const p = protocol === CommunicationProtocolEnum.HTTP ? "http" : "grpc";
  const client = new DaprClient({
    daprHost: host,
    daprPort: port,
    communicationProtocol: protocol,
    logger: { level: LogLevel.Error, service: silent },
  });
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

try {
  await run(CommunicationProtocolEnum.HTTP, process.env.DAPR_HTTP_PORT);
  await run(CommunicationProtocolEnum.GRPC, process.env.DAPR_GRPC_PORT);
} catch (e) {
  console.log(JSON.stringify({ check: "script", ok: false, observed: String(e?.stack ?? e) }));
  process.exit(2);
}
console.log(JSON.stringify({ summary: true, failures }));
process.exit(failures === 0 ? 0 : 1);
