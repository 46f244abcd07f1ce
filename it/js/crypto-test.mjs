// Drives a running jdaprd sidecar's crypto API with the official Dapr JS SDK (@dapr/dapr 3.18.0) over gRPC (the
// SDK has no HTTP crypto client). Env: DAPR_HOST, DAPR_GRPC_PORT; the sidecar has a crypto.dapr.jwks component
// "jwks" with an AES key "mykey" and a crypto.dapr.localstorage component "localstorage" with
// "rsa-private-key.pem". Prints one JSON line per check: {"check","ok","observed"[,"expected"]}, then a summary
// line; exits 1 if any check failed, 2 if the script itself broke.
import { CommunicationProtocolEnum, DaprClient, LogLevel } from "@dapr/dapr";
import { randomBytes } from "node:crypto";

const silent = { error() {}, warn() {}, info() {}, verbose() {}, debug() {} };
let failures = 0;

function report(check, observed, expected) {
  const ok = JSON.stringify(observed) === JSON.stringify(expected);
  if (!ok) {
    failures++;
  }
  const line = { check, ok, observed };
  if (!ok) {
    line.expected = expected;
  }
  console.log(JSON.stringify(line));
}

async function failure(call) {
  try {
    await call();
    return { kind: "no error" };
  } catch (e) {
    return { kind: "ConnectError", code: e.code, rawMessage: e.rawMessage ?? e.message };
  }
}

try {
  const client = new DaprClient({
    daprHost: process.env.DAPR_HOST ?? "127.0.0.1",
    daprPort: process.env.DAPR_GRPC_PORT,
    communicationProtocol: CommunicationProtocolEnum.GRPC,
    logger: { level: LogLevel.Error, service: silent },
  });
  const plain = randomBytes(200_000);
  for (const [name, component, keyName, keyWrapAlgorithm, cipher] of [
    ["aes", "jwks", "mykey", "AES", "aes-gcm"],
    ["rsa", "localstorage", "rsa-private-key.pem", "RSA-OAEP-256", "chacha20-poly1305"],
  ]) {
    const enc = await client.crypto.encrypt(plain, {
      componentName: component,
      keyName,
      keyWrapAlgorithm,
      dataEncryptionCipher: cipher,
    });
    report(`${name}-header`, enc.subarray(0, 15).toString(), "dapr.io/enc/v1\n");
    const dec = await client.crypto.decrypt(enc, { componentName: component });
    report(`${name}-roundtrip`, Buffer.compare(dec, plain), 0);
  }
  report(
    "unknown-component",
    await failure(() => client.crypto.encrypt(plain, { componentName: "nope", keyName: "k", keyWrapAlgorithm: "AES" })),
    { kind: "ConnectError", code: 3, rawMessage: "crypto provider nope not found" },
  );
  report(
    "bad-ciphertext",
    await failure(() => client.crypto.decrypt(Buffer.from("hello\nworld\n"), { componentName: "jwks" })),
    { kind: "ConnectError", code: 13, rawMessage: "failed to perform operation: invalid header: unsupported scheme" },
  );
  await client.stop();
} catch (e) {
  console.log(JSON.stringify({ broken: String(e?.stack ?? e) }));
  process.exit(2);
}
console.log(JSON.stringify({ summary: true, failures }));
process.exit(failures === 0 ? 0 : 1);
