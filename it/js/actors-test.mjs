// The official Dapr JS SDK (@dapr/dapr 3.18.0) actors on both sides of a jdaprd sidecar with self-placement: a
// DaprServer on APP_PORT (the sidecar's --app-port) hosts the actor type JsCounter (reentrancy on, as the SDK puts it
// in /dapr/config), and an ActorProxyBuilder proxy calls it through the sidecar: state kept across calls, calls to
// one actor taking turns, a timer, a reminder; then raw calls carrying one Dapr-Reentrancy-Id run inside one turn.
// Env: DAPR_HOST, DAPR_HTTP_PORT (its sidecar's), APP_PORT. Prints one JSON line per check
// as checks.mjs describes, and a summary line; exits 0 when every check passed.
import { AbstractActor, ActorId, ActorProxyBuilder, DaprClient, DaprServer, Temporal } from "@dapr/dapr";
import { host as daprHost, main, quietLogger as logger, report as check } from "./checks.mjs";

const daprPort = process.env.DAPR_HTTP_PORT;
const fired = [];
let inFlight = 0;
let maxInFlight = 0;

class JsCounter extends AbstractActor {
  async add(n) {
    const [has, current] = await this.getStateManager().tryGetState("count");
    const next = (has ? current : 0) + n;
    await this.getStateManager().setState("count", next);
    return next;
  }

  async count() {
    const [has, current] = await this.getStateManager().tryGetState("count");
    return has ? current : 0;
  }

  async startTimer(note) {
    await this.registerActorTimer("tick", "onTick", Temporal.Duration.from({ seconds: 0 }),
      Temporal.Duration.from({ hours: 1 }), undefined, note);
  }

  async onTick(note) {
    fired.push(`${this.getActorId().getId()}:timer:${note}`);
  }

  async startReminder(note) {
    await this.registerActorReminder("ping", Temporal.Duration.from({ seconds: 0 }),
      Temporal.Duration.from({ hours: 1 }), undefined, note);
  }

  async stopReminder() {
    await this.unregisterActorReminder("ping");
  }

  async receiveReminder(data) {
    fired.push(`${this.getActorId().getId()}:reminder:${JSON.stringify(data)}`);
  }

  async slow() {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((r) => setTimeout(r, 400));
    inFlight--;
    return "done";
  }
}

const server = new DaprServer({
  serverHost: "127.0.0.1",
  serverPort: process.env.APP_PORT,
  clientOptions: {
    daprHost,
    daprPort,
    actor: { reentrancy: { enabled: true, maxStackDepth: 32 } },
  },
  logger,
});

const report = (name, observed, expected) => check(undefined, name, observed, expected);

async function until(what, condition) {
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    if (await condition()) {
      return true;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

async function rawSlowCalls(id, headers) {
  inFlight = 0;
  maxInFlight = 0;
  const url = `http://${daprHost}:${daprPort}/v1.0/actors/JsCounter/${id}/method/slow`;
  const replies = await Promise.all([0, 1, 2].map(() => fetch(url, { method: "POST", headers })));
  return replies.every((r) => r.status === 200);
}

await main(async () => {
  await server.actor.init();
  server.actor.registerActor(JsCounter);
  await server.start();
  const running = await until("running", async () => {
    const meta = await (await fetch(`http://${daprHost}:${daprPort}/v1.0/metadata`)).json();
    return meta.actorRuntime?.runtimeStatus === "RUNNING";
  });
  report("hosted", running, true);

  const client = new DaprClient({ daprHost, daprPort, logger });
  const builder = new ActorProxyBuilder(JsCounter, client);
  const a = builder.build(new ActorId("a"));
  const first = await a.add(2);
  const second = await a.add(3);
  const other = await builder.build(new ActorId("b")).count();
  report("state", { first, second, count: await a.count(), other }, { first: 2, second: 5, count: 5, other: 0 });

  const turns = builder.build(new ActorId("turns"));
  await Promise.all(Array.from({ length: 20 }, () => turns.add(1)));
  const total = await turns.count();
  report("turns", total, 20);

  await builder.build(new ActorId("t")).startTimer("hello");
  report("timer", await until("timer", () => fired.includes("t:timer:hello")), true);

  const r = builder.build(new ActorId("r"));
  await r.startReminder("note");
  report("reminder", await until("reminder", () => fired.includes('r:reminder:"note"')), true);
  await r.stopReminder();
  const gone = await fetch(`http://${daprHost}:${daprPort}/v1.0/actors/JsCounter/r/reminders/ping`);
  report("reminder-deleted", gone.status, 404);

  const serialOk = await rawSlowCalls("serial", {});
  const serialMax = maxInFlight;
  const reentrantOk = await rawSlowCalls("reentrant", { "Dapr-Reentrancy-Id": "chain-1" });
  const reentrantMax = maxInFlight;
  report("reentrancy", { serialOk, reentrantOk, serialMax, reentrantOverlaps: reentrantMax > 1 },
    { serialOk: true, reentrantOk: true, serialMax: 1, reentrantOverlaps: true });
  await server.stop();
});
