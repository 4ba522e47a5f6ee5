/**
 * Presence on alice's event streams, from a real Prosody's presence forwards and alice's
 * real roster (read by privilege): her contacts' current presences when a stream opens,
 * their changes with real types, nothing from people outside her roster, roster changes
 * picked up on refresh, and contacts who vanished with a Prosody restart reported gone.
 */
import xml from "@xmpp/xml";
import { connectClient, TestClient } from "../support/client";
import { connectSse, SseClient, SseEvent } from "../../scripts/sse-client";
import { startStack, Stack, waitFor } from "../support/stack";

let stack: Stack;
let token: string;
const clients: TestClient[] = [];
const streams: SseClient[] = [];

beforeAll(async () => {
  stack = await startStack({ toml: `[sse]\nroster_refresh = "1s"` });
  token = await stack.token("alice");
});

afterEach(async () => {
  for (const s of streams.splice(0)) s.close();
  for (const c of clients.splice(0)) await c.stop();
  await setRoster({});
});

afterAll(async () => {
  await stack?.stop();
});

/**
 * Writes alice's roster through the roster privilege, as an admin tool would: straight on
 * the component's IQ tracker, since the gateway's outside-facing request() refuses roster IQs.
 */
async function setRoster(items: Record<string, "both" | "to" | "from" | "none" | "remove">): Promise<void> {
  const current = await stack.gateway.component.iqs.request(xml("iq", { type: "get", to: "alice@localhost" }, xml("query", { xmlns: "jabber:iq:roster" })), 5000);
  const remove = (current.getChild("query")?.getChildren("item") ?? []).map((i) => i.attrs.jid as string).filter((jid) => !(jid in items));
  const wanted = { ...Object.fromEntries(remove.map((jid) => [jid, "remove"])), ...items };
  for (const [jid, subscription] of Object.entries(wanted)) {
    await stack.gateway.component.iqs.request(
      xml("iq", { type: "set", to: "alice@localhost" }, xml("query", { xmlns: "jabber:iq:roster" }, xml("item", { jid, subscription }))),
      5000,
    );
  }
}

async function online(user: string, resource: string): Promise<TestClient> {
  const client = await connectClient(stack.server, user, resource);
  clients.push(client);
  return client;
}

async function aliceStream(): Promise<SseClient> {
  const client = await connectSse(`${stack.url}/sparkweb/sse`, { headers: { Authorization: `Bearer ${token}` } });
  streams.push(client);
  expect(client.status).toBe(200);
  return client;
}

const presenceOf = (from: string, type = "available") => (e: SseEvent) => e.event === "chatapi.presence" && e.data.from === from && e.data.presenceType === type;

it("shows alice her contacts' presence: current on connect, then each change, and never strangers'", async () => {
  await setRoster({ "bob@localhost": "both" });
  const bob = await online("bob", "phone");
  await online("carol", "laptop");
  await new Promise((r) => setTimeout(r, 200)); // the presences reach the gateway's cache

  const stream = await aliceStream();
  const current = await stream.waitFor(presenceOf("bob@localhost/phone"));
  expect(current.data).toMatchObject({ type: "presence", to: "alice@localhost", show: "available", status: null });

  await bob.send(xml("presence", {}, xml("show", {}, "away"), xml("status", {}, 'at "lunch"'), xml("priority", {}, "3")));
  const away = await stream.waitFor((e) => presenceOf("bob@localhost/phone")(e) && e.data.show === "away");
  expect(away.data).toMatchObject({ status: 'at "lunch"', priority: 3, presenceType: "available" });

  await bob.stop();
  const gone = await stream.waitFor(presenceOf("bob@localhost/phone", "unavailable"));
  expect(gone.data.show).toBe("unavailable");
  expect(stream.events.some((e) => e.event === "chatapi.presence" && String(e.data.from).startsWith("carol"))).toBe(false);
});

it("shows alice her own other clients", async () => {
  const stream = await aliceStream();
  await stream.waitFor((e) => e.event === "onLive");
  await online("alice", "desktop");
  await stream.waitFor(presenceOf("alice@localhost/desktop"));
});

it("picks up roster changes on the next refresh", async () => {
  await online("carol", "laptop");
  const stream = await aliceStream();
  await stream.waitFor((e) => e.event === "onLive");
  await new Promise((r) => setTimeout(r, 300));
  expect(stream.events.some(presenceOf("carol@localhost/laptop"))).toBe(false);

  await setRoster({ "carol@localhost": "to" });
  await stream.waitFor(presenceOf("carol@localhost/laptop"), 5000);
  await setRoster({});
  await stream.waitFor(presenceOf("carol@localhost/laptop", "unavailable"), 5000);
});

it("reports contacts gone when Prosody dies and comes back without them, and keeps the stream open", async () => {
  await setRoster({ "bob@localhost": "both" });
  const bob = await online("bob", "phone");
  const stream = await aliceStream();
  await stream.waitFor(presenceOf("bob@localhost/phone"));
  // A crash: no unavailable presences are sent; only the resync after reconnecting can tell.
  process.kill(stack.server.pid!, "SIGKILL");
  await waitFor(() => !stack.gateway.component.online, 5000, "the gateway to notice");
  await bob.stop();
  await stack.server.start();
  await waitFor(() => stack.gateway.component.ready, 15_000, "the gateway to reattach");
  await stream.waitFor(presenceOf("bob@localhost/phone", "unavailable"), 10_000);
  expect(stream.ended).toBe(false);
}, 30_000);
