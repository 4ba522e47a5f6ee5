/**
 * Resuming event streams across restarts, with a real Prosody and real clients: while
 * the gateway is stopped bob sends 200 messages, and alice's reconnect with
 * Last-Event-ID replays exactly those before going live; while Prosody restarts, open
 * streams stay up and nothing sent around the restart is lost.
 */
import xml from "@xmpp/xml";
import { connectClient, TestClient } from "../support/client";
import { connectSse, SseClient, SseEvent } from "../../scripts/sse-client";
import { startStack, Stack, waitFor } from "../support/stack";

let stack: Stack;
let bob: TestClient;
let token: string;
const streams: SseClient[] = [];

beforeAll(async () => {
  stack = await startStack();
  await spoolOnline();
  bob = await connectClient(stack.server, "bob", "phone");
  token = await newToken();
});

afterEach(() => {
  for (const s of streams.splice(0)) s.close();
});

afterAll(async () => {
  await bob?.stop();
  await stack?.stop();
});

function spoolOnline(): Promise<void> {
  return waitFor(() => stack.gateway.inbound.spool?.online === true, 15_000, "the spool reader to be online");
}

async function newToken(): Promise<string> {
  return stack.token("alice");
}

async function aliceStream(lastEventId?: string): Promise<SseClient> {
  const client = await connectSse(`${stack.url}/sparkweb/sse`, { headers: { Authorization: `Bearer ${token}` }, lastEventId });
  streams.push(client);
  expect(client.status).toBe(200);
  return client;
}

function chat(body: string, id: string) {
  return xml("message", { to: "alice@localhost", type: "chat", id }, xml("body", {}, body));
}

/** Resolves once Prosody has processed everything bob sent before. */
async function prosodyHasProcessed(client: TestClient): Promise<void> {
  await client.xmpp.iqCaller.request(xml("iq", { type: "get", to: "localhost" }, xml("ping", { xmlns: "urn:xmpp:ping" })));
}

const chats = (e: SseEvent) => e.event === "chatapi.chat" && typeof e.data.body === "string";

it("replays exactly the 200 messages bob sent while the gateway was stopped, then goes live", async () => {
  const before = await aliceStream();
  await before.waitFor((e) => e.event === "onLive");
  await bob.send(chat("before the stop", "r-before"));
  const last = await before.waitFor((e) => chats(e) && e.data.body === "before the stop");

  const sent: string[] = [];
  await stack.restartGateway(async () => {
    for (let i = 0; i < 200; i++) {
      sent.push(`while stopped ${i}`);
      await bob.send(chat(`while stopped ${i}`, `r-${i}`));
    }
    await prosodyHasProcessed(bob);
  });
  await before.waitForEnd(); // the old gateway closed its streams
  await spoolOnline();
  // The spool hands over its backlog after login; wait until all of it is archived.
  await waitFor(() => stack.gateway.archive.after("alice@localhost", Number(last.lastEventId), 1000).length >= 200, 15_000, "the backlog to be archived");

  const resumed = await aliceStream(before.lastEventId);
  const live = await resumed.waitFor((e) => e.event === "onLive", 10_000);
  const replayed = resumed.events.filter(chats);
  expect(replayed.map((e) => e.data.body)).toEqual(sent);
  expect(live.data.replayed).toBe(200);
  const ids = replayed.map((e) => Number(e.lastEventId));
  expect(ids).toEqual([...ids].sort((a, b) => a - b));
  expect(ids[0]).toBeGreaterThan(Number(last.lastEventId));

  await bob.send(chat("after the restart", "r-after"));
  await resumed.waitFor((e) => chats(e) && e.data.body === "after the restart");
  expect(resumed.events.filter(chats)).toHaveLength(201);
}, 60_000);

it("keeps streams open while Prosody restarts, and loses nothing sent around the restart", async () => {
  const stream = await aliceStream();
  await stream.waitFor((e) => e.event === "onLive");
  await bob.send(chat("before prosody restarts", "p-1"));
  await stream.waitFor((e) => chats(e) && e.data.body === "before prosody restarts");

  await bob.stop();
  await stack.server.restart();
  // bob is back before the gateway is: the spool keeps his messages for the gateway.
  bob = await connectClient(stack.server, "bob", "phone");
  await bob.send(chat("right after the restart", "p-2"));
  await waitFor(() => stack.gateway.component.ready, 15_000, "the gateway to reattach");
  await spoolOnline();
  await bob.send(chat("once everything is back", "p-3"));

  await stream.waitFor((e) => chats(e) && e.data.body === "once everything is back", 10_000);
  expect(stream.events.filter(chats).map((e) => e.data.body)).toEqual(["before prosody restarts", "right after the restart", "once everything is back"]);
  expect(stream.ended).toBe(false);
}, 60_000);
