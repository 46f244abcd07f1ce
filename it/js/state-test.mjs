// Drives a running jdaprd sidecar with the official Dapr JS SDK (@dapr/dapr 3.18.0), over HTTP and then gRPC.
// Env: DAPR_HOST, DAPR_HTTP_PORT, DAPR_GRPC_PORT, APP_ID (the sidecar's app id; its store "statestore" is
// state.in-memory). Prints one JSON line per check: {"protocol","check","ok","observed"[,"expected"]}, then a
// summary line; exits 1 if any check failed, 2 if the script itself broke.
import { CommunicationProtocolEnum } from "@dapr/dapr";
import { daprClient, failure, httpError, main, protocolName, report } from "./checks.mjs";

const appId = process.env.APP_ID;

const illegalKeyBody = (key) => {
  const msg = `api error: code = InvalidArgument desc = input key/keyPrefix '${key}' can't contain '||'`;
  return `{"errorCode":"ERR_MALFORMED_REQUEST","message":"${msg}","details":[{"@type":"type.googleapis.com/` +
    `google.rpc.BadRequest","field_violations":[{"field":"${key}","description":"${msg}"}]},{"@type":` +
    `"type.googleapis.com/google.rpc.ResourceInfo","description":"","owner":"","resource_name":"statestore",` +
    `"resource_type":"state"},{"@type":"type.googleapis.com/google.rpc.ErrorInfo","domain":"dapr.io",` +
    `"metadata":null,"reason":"DAPR_STATE_ILLEGAL_KEY"}]}`;
};
const notFoundBody = `{"errorCode":"ERR_STATE_STORE_NOT_FOUND","message":"state store nostore is not found",` +
  `"details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","domain":"dapr.io","metadata":{"appID":` +
  `"${appId}"},"reason":"DAPR_STATE_NOT_FOUND"}]}`;

async function run(protocol, port) {
  const p = protocolName(protocol);
  const client = daprClient(protocol, port);
  const k = (name) => `js-${p}-${name}`;
  const store = "statestore";

  const saved = await client.state.save(store, [{ key: k("k1"), value: { a: 1 } }]);
  report(p, "save", saved, {});
  report(p, "get", await client.state.get(store, k("k1")), { a: 1 });
  report(p, "delete", await client.state.delete(store, k("k1")), {});
  report(p, "get-deleted", await client.state.get(store, k("k1")), "");

  await client.state.save(store, [{ key: k("b1"), value: "one" }, { key: k("b2"), value: { two: 2 } }]);
  const bulk = await client.state.getBulk(store, [k("b1"), k("b2"), k("b3")]);
  const byKey = Object.fromEntries(bulk.map((i) => [i.key, i.data === undefined ? null : i.data]));
  report(p, "getBulk", byKey, { [k("b1")]: "one", [k("b2")]: { two: 2 }, [k("b3")]: p === "http" ? null : "" });

  await client.state.save(store, [{ key: k("tx-old"), value: "old" }]);
  await client.state.transaction(store, [
    { operation: "upsert", request: { key: k("tx-new"), value: "new" } },
    { operation: "delete", request: { key: k("tx-old") } },
  ]);
  report(p, "transaction", [await client.state.get(store, k("tx-new")), await client.state.get(store, k("tx-old"))],
    ["new", ""]);

  await client.state.save(store, [{ key: k("etag"), value: "v1" }]);
  const etagOf = async (key) => (await client.state.getBulk(store, [key]))[0].etag;
  const first = await etagOf(k("etag"));
  await client.state.save(store, [{ key: k("etag"), value: "v2", etag: first }]);
  const current = await etagOf(k("etag"));
  const mismatch = `failed saving state in state store ${store}: possible etag mismatch. error from state store: ` +
    `state etag not match for key=${appId}||${k("etag")}: current=${current}, expect=${first}`;
  report(p, "etag-conflict", await failure(() => client.state.save(store, [{ key: k("etag"), value: "v3",
    etag: first }])), p === "http"
    ? httpError(409, "Conflict", `{"errorCode":"ERR_STATE_SAVE","message":"${mismatch}"}`, true)
    : { kind: "ConnectError", code: 10, rawMessage: mismatch, details: ["google.rpc.ErrorInfo"] });

  report(p, "illegal-key", await failure(() => client.state.save(store, [{ key: "ke||y1", value: 1 }])),
    p === "http" ? httpError(400, "Bad Request", illegalKeyBody("ke||y1"), true)
      : { kind: "ConnectError", code: 3, rawMessage: "input key/keyPrefix 'ke||y1' can't contain '||'",
        details: ["google.rpc.BadRequest", "google.rpc.ResourceInfo", "google.rpc.ErrorInfo"] });

  report(p, "unknown-store", await failure(() => client.state.get("nostore", "k")), p === "http"
    ? httpError(400, "Bad Request", notFoundBody, false)
    : { kind: "ConnectError", code: 3, rawMessage: "state store nostore is not found",
      details: ["google.rpc.ErrorInfo"] });

  await client.stop();
}

await main(async () => {
  await run(CommunicationProtocolEnum.HTTP, process.env.DAPR_HTTP_PORT);
  await run(CommunicationProtocolEnum.GRPC, process.env.DAPR_GRPC_PORT);
});
