// Drives a running jdaprd sidecar's secrets API with the official Dapr JS SDK (@dapr/dapr 3.18.0), over HTTP and
// then gRPC. Env: DAPR_HOST, DAPR_HTTP_PORT, DAPR_GRPC_PORT, and the values the sidecar's stores hold:
// SECRET_DB (store "vault", secret "db-password"), SECRET_NESTED (store "multi", secret "nested", key "inner"; the
// only secret its scope allows), SECRET_TOKEN (store "envstore", secret "TOKEN"). Store "vault" denies secret
// "denied". Prints one JSON line per check: {"protocol","check","ok","observed"[,"expected"]}, then a summary
// line; exits 1 if any check failed, 2 if the script itself broke.
import { CommunicationProtocolEnum } from "@dapr/dapr";
import { daprClient, failure, main, protocolName, report } from "./checks.mjs";

const legacy = (code, message) => JSON.stringify({ errorCode: code, message });

async function run(protocol, port) {
  const p = protocolName(protocol);
  const client = daprClient(protocol, port);
  const expectError = (status, reason, grpcCode, code, message) => p === "http"
    ? { kind: "Error", status, error: reason, error_msg: legacy(code, message) }
    : { kind: "ConnectError", code: grpcCode, rawMessage: message, details: [] };

  report(p, "get", await client.secret.get("vault", "db-password"), { "db-password": process.env.SECRET_DB });
  report(p, "get-env", await client.secret.get("envstore", "TOKEN"), { TOKEN: process.env.SECRET_TOKEN });
  report(p, "get-multi", await client.secret.get("multi", "nested"), { inner: process.env.SECRET_NESTED });
  report(p, "getBulk-scoped", await client.secret.getBulk("multi"), { nested: { inner: process.env.SECRET_NESTED } });
  report(p, "unknown-store", await failure(() => client.secret.get("nostore", "k")),
    expectError(401, "Unauthorized", 3, "ERR_SECRET_STORE_NOT_FOUND", "failed finding secret store with key nostore"));
  report(p, "denied", await failure(() => client.secret.get("vault", "denied")),
    expectError(403, "Forbidden", 7, "ERR_PERMISSION_DENIED", "access denied by policy to get \"denied\" from \"vault\""));
  report(p, "missing", await failure(() => client.secret.get("vault", "nope")),
    expectError(500, "Internal Server Error", 13, "ERR_SECRET_GET",
      "failed getting secret with key nope from secret store vault: secret nope not found"));
  await client.stop();
}

await main(async () => {
  await run(CommunicationProtocolEnum.HTTP, process.env.DAPR_HTTP_PORT);
  await run(CommunicationProtocolEnum.GRPC, process.env.DAPR_GRPC_PORT);
});
