// Drives a running jdaprd sidecar's pub/sub with the official Dapr JS SDK (@dapr/dapr 3.18.0): a DaprServer app
// subscribes, a DaprClient and the server's own client publish, and the app's handlers see what was published.
// Env: DAPR_HOST, DAPR_HTTP_PORT, DAPR_GRPC_PORT (the sidecar's; its "pubsub" is pubsub.in-memory), APP_PORT (the sidecar's --app-port, where the DaprServer listens), APP_PROTOCOL ("http" or "grpc": the sidecar's
// --app-protocol). The sidecar may be started before the app: it waits for the app port, then reads the app's
// subscriptions; the script waits until the sidecar's metadata lists them before it publishes. Prints one JSON line
// per check: {"protocol","check","ok","observed"[,"expected"]}, then a summary line; exits 1 if any check failed,
// 2 if the script itself broke.
import {
  CommunicationProtocolEnum,
  DaprClient,
  DaprPubSubStatusEnum,
  DaprServer,
} from "@dapr/dapr";
import { host, main, quietLogger as logger, report as check } from "./checks.mjs";

const p = process.env.APP_PROTOCOL === "grpc" ? "grpc" : "http";
const protocol = p === "grpc" ? CommunicationProtocolEnum.GRPC : CommunicationProtocolEnum.HTTP;
const WAIT_MS = 20000;
const PUBSUB = "pubsub";
const report = (name, observed, expected) => check(p, name, observed, expected);

// The error a publish resolved with, as the SDK surfaces it: an HTTP Error carries JSON {error_msg, status} in its
// message; a gRPC ConnectError has a numeric code, the raw grpc-message and the decoded detail types.
function shapeOf(e) {
  if (e === undefined || e === null) {
    return { kind: "no error" };
  }
  if (typeof e.code === "number" && "rawMessage" in e) {
    const details = (e.details ?? []).map((d) => d.type ?? d.desc?.typeName);
    return { code: e.code, rawMessage: e.rawMessage, details };
  }
  try {
    const parsed = JSON.parse(e.message);
    return { status: parsed.status, error_msg: JSON.parse(parsed.error_msg) };
  } catch {
    return { other: String(e.message ?? e) };
  }
}

// How a failing publish ends: the HTTP client resolves to {error}, the gRPC client throws {error}.
async function publishFailure(publish) {
  try {
    return { resolvedWith: shapeOf((await publish()).error) };
  } catch (e) {
    return { threw: shapeOf(e?.error ?? e) };
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Polls `probe` until it returns a truthy value or WAIT_MS pass; returns the last value.
async function waitFor(probe) {
  const deadline = Date.now() + WAIT_MS;
  let value = await probe();
  while (!value && Date.now() < deadline) {
    await sleep(20);
    value = await probe();
  }
  return value;
}

// What each topic's handler was called with, in order.
const calls = {};
function record(topic, answer) {
  calls[topic] = [];
  return async (data, headers) => {
    calls[topic].push({ data, headers });
    return answer(calls[topic].length);
  };
}
const callsTo = (topic) => calls[topic] ?? [];
const dataOf = (topic) => callsTo(topic).map((c) => c.data);
const success = () => DaprPubSubStatusEnum.SUCCESS;

const server = new DaprServer({
  serverHost: "127.0.0.1",
  serverPort: process.env.APP_PORT,
  communicationProtocol: protocol,
  clientOptions: {
    daprHost: host,
    daprPort: p === "grpc" ? process.env.DAPR_GRPC_PORT : process.env.DAPR_HTTP_PORT,
    communicationProtocol: protocol,
  },
  logger,
});
const client = new DaprClient({
  daprHost: host,
  daprPort: process.env.DAPR_HTTP_PORT,
  communicationProtocol: CommunicationProtocolEnum.HTTP,
  logger,
});
const topics = ["js-orders", "js-text", "js-bulk", "js-retry", "js-drop", "js-dead"];

async function run() {
  await server.pubsub.subscribe(PUBSUB, "js-orders", record("js-orders", success));
  await server.pubsub.subscribe(PUBSUB, "js-text", record("js-text", success));
  await server.pubsub.subscribe(PUBSUB, "js-bulk", record("js-bulk", success));
  await server.pubsub.subscribe(PUBSUB, "js-retry", record("js-retry",
    (n) => (n === 1 ? DaprPubSubStatusEnum.RETRY : DaprPubSubStatusEnum.SUCCESS)));
  await server.pubsub.subscribeWithOptions(PUBSUB, "js-drop", {
    deadLetterTopic: "js-dead",
    callback: record("js-drop", () => DaprPubSubStatusEnum.DROP),
  });
  await server.pubsub.subscribe(PUBSUB, "js-dead", record("js-dead", success));
  await server.start();

  // The sidecar reads the app's subscriptions once the app listens; wait until its metadata lists them all.
  const listed = await waitFor(async () => {
    const metadata = await client.metadata.get();
    const subscribed = (metadata.subscriptions ?? []).map((s) => s.topic).filter((t) => topics.includes(t));
    return subscribed.length === topics.length ? subscribed.sort() : null;
  });
  report("subscriptions", listed, [...topics].sort());

  report("publish-json", await client.pubsub.publish(PUBSUB, "js-orders", { orderId: 1 }), {});
  await waitFor(() => callsTo("js-orders").length > 0);
  report("receive-json", dataOf("js-orders"), [{ orderId: 1 }]);

  report("server-client-publish-text", await server.client.pubsub.publish(PUBSUB, "js-text", "hello"), {});
  await waitFor(() => callsTo("js-text").length > 0);
  report("receive-text", dataOf("js-text"), ["hello"]);

  const bulk = await client.pubsub.publishBulk(PUBSUB, "js-bulk", ["one", { n: 2 }]);
  report("publish-bulk", bulk.failedMessages, []);
  await waitFor(() => callsTo("js-bulk").length >= 2);
  report("receive-bulk", dataOf("js-bulk").map((d) => JSON.stringify(d)).sort(), ["\"one\"", "{\"n\":2}"]);

  await client.pubsub.publish(PUBSUB, "js-retry", { attempt: "again" });
  await waitFor(() => callsTo("js-retry").length >= 2);
  await sleep(500);
  report("retry-then-success", dataOf("js-retry"), [{ attempt: "again" }, { attempt: "again" }]);

  await client.pubsub.publish(PUBSUB, "js-drop", { poison: true });
  await waitFor(() => callsTo("js-dead").length > 0);
  await sleep(500);
  report("drop-to-dead-letter", { dropped: dataOf("js-drop"), deadLetter: dataOf("js-dead") },
    { dropped: [{ poison: true }], deadLetter: [{ poison: true }] });

  const notFoundOverHttp = {
    status: 404,
    error_msg: {
      errorCode: "ERR_PUBSUB_NOT_FOUND",
      message: "pubsub nopubsub is not found",
      details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", domain: "dapr.io", metadata: {},
        reason: "DAPR_PUBSUB_NOT_FOUND" }],
    },
  };
  report("publish-unknown-pubsub", await publishFailure(() => client.pubsub.publish("nopubsub", "t", "x")),
    { resolvedWith: notFoundOverHttp });
  report("server-client-publish-unknown-pubsub",
    await publishFailure(() => server.client.pubsub.publish("nopubsub", "t", "x")), p === "grpc"
      ? { threw: { code: 3, rawMessage: "pubsub nopubsub is not found", details: ["google.rpc.ErrorInfo"] } }
      : { resolvedWith: notFoundOverHttp });
}

await main(async () => {
  await run();
  await server.stop();
  await client.stop();
});
