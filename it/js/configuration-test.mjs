// Drives a running jdaprd sidecar's configuration API with the official Dapr JS SDK (@dapr/dapr 3.18.0) over gRPC
// (the SDK's HTTP client does not implement configuration). Env: DAPR_HOST, DAPR_GRPC_PORT, REDIS_PORT (the private
// Redis behind the sidecar's "cfg" store, written here over RESP with node:net). Prints one JSON line per check:
// {"check","ok","observed"[,"expected"]}, then a summary line; exits 1 if any check failed, 2 if the script broke.
import net from "node:net";
import { CommunicationProtocolEnum } from "@dapr/dapr";
import { daprClient, main, report as check } from "./checks.mjs";

const report = (name, observed, expected) => check(undefined, name, observed, expected);

// SET key value on the private Redis; resolves once Redis answered +OK.
function redisSet(key, value) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(process.env.REDIS_PORT), "127.0.0.1");
    const parts = ["SET", key, value];
    let cmd = `*${parts.length}\r\n`;
    for (const p of parts) {
      cmd += `$${Buffer.byteLength(p)}\r\n${p}\r\n`;
    }
    socket.on("data", (d) => {
      socket.end();
      d.toString().startsWith("+OK") ? resolve() : reject(new Error(d.toString()));
    });
    socket.on("error", reject);
    socket.write(cmd);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(condition, ms) {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) {
    await sleep(20);
  }
  return condition();
}

async function run() {
  const client = daprClient(CommunicationProtocolEnum.GRPC, process.env.DAPR_GRPC_PORT);

  await redisSet("js-a", "alpha||3");
  const got = await client.configuration.get("cfg", ["js-a", "js-missing"]);
  report("get", got.items, { "js-a": { key: "js-a", value: "alpha", version: "3", metadata: {} } });

  let error;
  try {
    await client.configuration.get("nope", ["k"]);
  } catch (e) {
    error = { code: e.code, rawMessage: e.rawMessage };
  }
  report("get-unknown-store", error, { code: 3, rawMessage: "configuration store nope not found" });

  const updates = [];
  const stream = await client.configuration.subscribeWithKeys("cfg", ["js-w"], async (res) => {
    updates.push(res.items);
  });
  // The SDK resolves before its stream is open: write until the first update arrives.
  const deadline = Date.now() + 10000;
  while (updates.length === 0 && Date.now() < deadline) {
    await redisSet("js-w", "watched||2");
    await until(() => updates.length > 0, 300);
  }
  report("subscribe-update", updates[0], { "js-w": { key: "js-w", value: "watched", version: "2", metadata: {} } });

  await stream.stop();
  await sleep(300);
  const seen = updates.length;
  await redisSet("js-w", "later||3");
  await sleep(700);
  report("no-update-after-stop", updates.length, seen);

  await client.stop();
}

await main(run);
