// The official Dapr JS SDK (@dapr/dapr 3.18.0) as the target of service invocation: a DaprServer app listening on
// APP_PORT (the sidecar's --app-port) with two methods, POST "orders" (answers what it received: the parsed body,
// the query as the SDK gives it, the content type and, over HTTP, the caller's app id) and GET "ping" (answers
// {"pong": true}).
// Env: DAPR_HOST, DAPR_HTTP_PORT, DAPR_GRPC_PORT (its sidecar's), APP_PORT, APP_PROTOCOL ("http" or "grpc": the
// sidecar's --app-protocol). Prints {"ready":true} once the server listens and its client has found the sidecar;
// runs until its standard input closes (or 120 s), then exits 0.
import { CommunicationProtocolEnum, DaprServer, HttpMethod } from "@dapr/dapr";
import { host, quietLogger as logger } from "./checks.mjs";

const grpc = process.env.APP_PROTOCOL === "grpc";
const protocol = grpc ? CommunicationProtocolEnum.GRPC : CommunicationProtocolEnum.HTTP;

const server = new DaprServer({
  serverHost: "127.0.0.1",
  serverPort: process.env.APP_PORT,
  communicationProtocol: protocol,
  clientOptions: {
    daprHost: host,
    daprPort: grpc ? process.env.DAPR_GRPC_PORT : process.env.DAPR_HTTP_PORT,
    communicationProtocol: protocol,
  },
  logger,
});

try {
  await server.invoker.listen("orders", async (data) => ({
    received: JSON.parse(data.body),
    query: data.query,
    contentType: data.metadata.contentType,
    caller: data.headers?.["dapr-caller-app-id"],
  }), { method: HttpMethod.POST });
  await server.invoker.listen("ping", async () => ({ pong: true }), { method: HttpMethod.GET });
  await server.start();
} catch (e) {
  console.log(JSON.stringify({ ready: false, error: String(e?.stack ?? e) }));
  process.exit(2);
}
console.log(JSON.stringify({ ready: true }));
const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.stdin.on("end", stop);
process.stdin.resume();
setTimeout(stop, 120000).unref();
