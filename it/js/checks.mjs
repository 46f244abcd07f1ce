// What every it/js script shares: it drives a running jdaprd sidecar with the official Dapr JS SDK (@dapr/dapr
// 3.18.0), prints one JSON line per check ({"protocol"?, "check", "ok", "observed"[, "expected"]}) and a summary
// line, and exits 0 when every check passed, 1 when one failed, 2 when the script itself broke (NodeJs.java reads
// both). Errors are compared by their shape as the SDK surfaces them.
import { CommunicationProtocolEnum, DaprClient, LogLevel } from "@dapr/dapr";

/** The sidecar's host (env DAPR_HOST). */
export const host = process.env.DAPR_HOST ?? "127.0.0.1";

/** The SDK's logger, silenced: the scripts' output is their JSON lines only. */
export const quietLogger = {
  level: LogLevel.Error,
  service: { error() {}, warn() {}, info() {}, verbose() {}, debug() {} },
};

let failures = 0;

/**
 * Prints one check: ok when `observed` and `expected` serialise to the same JSON (key order included); a failed
 * check also prints what was expected. `protocol` is left out of the line when undefined.
 */
export function report(protocol, check, observed, expected) {
  const ok = JSON.stringify(observed) === JSON.stringify(expected);
  if (!ok) {
    failures++;
  }
  const line = protocol === undefined ? { check, ok, observed } : { protocol, check, ok, observed };
  if (!ok) {
    line.expected = expected;
  }
  console.log(JSON.stringify(line));
}

/** "http" or "grpc", as the lines name the SDK's protocol. */
export function protocolName(protocol) {
  return protocol === CommunicationProtocolEnum.HTTP ? "http" : "grpc";
}

/** A DaprClient for the sidecar at `host`:`port` over `protocol`. */
export function daprClient(protocol, port) {
  return new DaprClient({ daprHost: host, daprPort: port, communicationProtocol: protocol, logger: quietLogger });
}

/**
 * The error of a call, as the SDK surfaces it: an HTTP Error carries JSON {error, error_msg, status} in its
 * message; a gRPC ConnectError has a numeric code, the raw grpc-message and the decoded detail types.
 */
export function errorShape(e) {
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

/**
 * How a call that should fail ended, as {@link errorShape}; a call whose result holds an `error` (some HTTP
 * clients resolve instead of throwing) is marked `resolvedWithError`.
 */
export async function failure(call) {
  try {
    const result = await call();
    return result && result.error ? { resolvedWithError: true, ...errorShape(result.error) } : errorShape(undefined);
  } catch (e) {
    return errorShape(e);
  }
}

/** The shape {@link errorShape} gives an HTTP error; `resolvedWithError` as {@link failure} marks it. */
export function httpError(status, error, body, resolvedWithError) {
  const shape = { kind: "Error", status, error, error_msg: body };
  return resolvedWithError ? { resolvedWithError: true, ...shape } : shape;
}

/**
 * Runs the script's checks, then prints the summary line and exits: 0 when every check passed, 1 when one failed,
 * 2 (after a "script" line with the stack) when `checks` threw.
 */
export async function main(checks) {
  try {
    await checks();
  } catch (e) {
    console.log(JSON.stringify({ check: "script", ok: false, observed: String(e?.stack ?? e) }));
    process.exit(2);
  }
  console.log(JSON.stringify({ summary: true, failures }));
  process.exit(failures === 0 ? 0 : 1);
}
