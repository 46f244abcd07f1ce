// Drives a running jdaprd sidecar's crypto API with the official Dapr JS SDK (@dapr/dapr 3.18.0) over gRPC (the
// SDK has no HTTP crypto client). Env: DAPR_HOST, DAPR_GRPC_PORT; the sidecar has a crypto.dapr.jwks component
// "jwks" with an AES key "mykey" and a crypto.dapr.localstorage component "localstorage" with
// "rsa-private-key.pem". Prints one JSON line per check: {"check","ok","observed"[,"expected"]}, then a summary
// line; exits 1 if any check failed, 2 if the script itself broke.
import { CommunicationProtocolEnum } from "@dapr/dapr";
import { randomBytes } from "node:crypto";
import { daprClient, main, report as check } from "./checks.mjs";

const report = (name, observed, expected) => check(undefined, name, observed, expected);

async function failure(call) {
  try {
    await call();
    return { kind: "no error" };
  } catch (e) {
    return { kind: "ConnectError", code: e.code, rawMessage: e.rawMessage ?? e.message };
  }
}

await main(async () => {
  const client = daprClient(CommunicationProtocolEnum.GRPC, process.env.DAPR_GRPC_PORT);
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
});
