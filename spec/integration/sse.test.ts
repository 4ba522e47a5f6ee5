/**
 * Event streams against a real Prosody with real clients: bob's messages reach every
 * open stream of alice within a second, tickets and header auth, no token in URLs, no
 * user ever sees another's stream or archive, and a reader that stalls is cut off while
 * the others keep everything.
 */
import xml from "@xmpp/xml";
import { connectClient, TestClient } from "../support/client";
import { json } from "../support/http";
import { connectSse, SseClient, SseEvent } from "../../scripts/sse-client";
import { startStack, Stack, waitFor } from "../support/stack";

let stack: Stack;
let bob: TestClient;
let carol: TestClient;
const streams: SseClient[] = [];
const tokens: Record<string, string> = {};

beforeAll(async () => {
  stack = await startStack({ toml: `[sse]\nmax_buffer = "256KiB"` });
  await waitFor(() => stack.gateway.inbound.spool?.online === true, 10_000, "the spool reader to be online");
  bob = await connectClient(stack.server, "bob", "phone");
  carol = await connectClient(stack.server, "carol", "laptop");
  for (const user of ["alice", "bob", "carol"]) {
    tokens[user] = await stack.token(user);
  }
});

afterEach(() => {
  for (const s of streams.splice(0)) s.close();
});

afterAll(async () => {
  await bob?.stop();
  await carol?.stop();
  await stack?.stop();
});

async function open(query = "", headers: Record<string, string> = {}, options: { stall?: boolean; lastEventId?: number } = {}): Promise<SseClient> {
  const client = await connectSse(`${stack.url}/sparkweb/sse${query}`, { headers, ...options });
  streams.push(client);
  return client;
}

/** A live stream of `user` with the bearer token, once it is live. */
async function streamOf(user: string, options: { stall?: boolean } = {}): Promise<SseClient> {
  const client = await open("", { Authorization: `Bearer ${tokens[user]}` }, options);
  expect(client.status).toBe(200);
  if (!options.stall) await client.waitFor((e) => e.event === "onLive");
  return client;
}

async function ticket(user: string): Promise<string> {
  const res = await fetch(stack.url + "/sparkweb/api/rest/sse/ticket", { method: "POST", headers: { Authorization: `Bearer ${tokens[user]}` } });
  expect(res.status).toBe(200);
  const body = await json(res);
  expect(Date.parse(body.expires_at) - Date.now()).toBeGreaterThan(55_000);
  return body.ticket;
}

function chat(to: string, body: string) {
  return xml("message", { to, type: "chat", id: `t-${Math.random().toString(36).slice(2)}` }, xml("body", {}, body));
}

const chatWith = (body: string) => (e: SseEvent) => e.event === "chatapi.chat" && e.data.body === body;

describe("live delivery", () => {
  it("brings bob's message from his real client to each of alice's three streams within a second", async () => {
    const mine = await Promise.all([streamOf("alice"), streamOf("alice"), streamOf("alice")]);
    const sentAt = performance.now();
    await bob.send(chat("alice@localhost", 'hello "alice" \\ <b>'));
    const events = await Promise.all(mine.map((s) => s.waitFor(chatWith('hello "alice" \\ <b>'), 1000)));
    for (const e of events) {
      expect(e.at - sentAt).toBeLessThan(1000);
      expect(e.data).toMatchObject({ type: "chat", from: "bob@localhost/phone", to: "alice@localhost", direction: "in", data: null });
      expect(e.data.stanzaId).toEqual(expect.any(String));
      expect(e.lastEventId).toBe(String(e.data.archiveId));
    }
    expect(new Set(events.map((e) => e.lastEventId)).size).toBe(1);
    for (const s of mine) expect(s.malformed).toEqual([]);
  });

  it("sends onConnect first, a retry delay, and the raw stanza only to streams that ask for it", async () => {
    const plain = await streamOf("alice");
    const raw = await open("?xmpp=true", { Authorization: `Bearer ${tokens.alice}` });
    await raw.waitFor((e) => e.event === "onLive");
    expect(plain.events[0]).toMatchObject({ event: "onConnect", data: { username: "alice", jid: "alice@localhost" } });
    expect(plain.retry).toBeGreaterThan(0);
    await bob.send(chat("alice@localhost", "raw please"));
    await raw.waitFor(chatWith("raw please"));
    await plain.waitFor(chatWith("raw please"));
    const rawEvent = raw.events.find((e) => e.event === "chatapi.xmpp" && Buffer.from(e.data.xmpp, "base64").toString().includes("raw please"));
    expect(rawEvent).toBeDefined();
    expect(plain.events.some((e) => e.event === "chatapi.xmpp")).toBe(false);
  });

  it("names the user in onConnect from their vCard, and falls back to the username without one", async () => {
    const vcard = xml("vCard", { xmlns: "vcard-temp" }, xml("FN", {}, 'Carol "C" Lewis'), xml("EMAIL", {}, xml("INTERNET"), xml("USERID", {}, "carol@example.org")));
    await carol.xmpp.iqCaller.request(xml("iq", { type: "set" }, vcard));
    const [withCard, without] = await Promise.all([streamOf("carol"), streamOf("bob")]);
    expect(withCard.events[0]).toMatchObject({ event: "onConnect", data: { username: "carol", name: 'Carol "C" Lewis', email: "carol@example.org", jid: "carol@localhost" } });
    expect(without.events[0]).toMatchObject({ event: "onConnect", data: { username: "bob", name: "bob", email: null } });
  });

  it("passes bob's chat states on live, without an id", async () => {
    const s = await streamOf("alice");
    await bob.send(xml("message", { to: "alice@localhost", type: "chat" }, xml("composing", { xmlns: "http://jabber.org/protocol/chatstates" })));
    const event = await s.waitFor((e) => e.event === "chatapi.chat" && e.data.state === "composing");
    expect(event.data).toMatchObject({ from: "bob@localhost/phone", id: null });
  });
});

describe("authentication", () => {
  it("opens a stream with a ticket once; the same ticket is refused after", async () => {
    const t = await ticket("alice");
    const first = await open(`?ticket=${t}`);
    expect(first.status).toBe(200);
    await first.waitFor((e) => e.event === "onConnect");
    expect(first.events[0].data.jid).toBe("alice@localhost");
    const second = await open(`?ticket=${t}`);
    expect(second.status).toBe(401);
    expect(JSON.parse(second.body)).toMatchObject({ code: "ticket_invalid" });
  });

  it("refuses a token in the URL, a made-up ticket and no credentials, with problem details", async () => {
    const inUrl = await open(`?token=${tokens.alice}`);
    expect(inUrl.status).toBe(401);
    expect(JSON.parse(inUrl.body).code).toBe("token_in_url");
    expect((await open("?access_token=x")).status).toBe(401);
    const madeUp = await open("?ticket=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    expect(JSON.parse(madeUp.body).code).toBe("ticket_invalid");
    const none = await open();
    expect(none.status).toBe(401);
    expect(none.headers["www-authenticate"]).toContain("Bearer");
    const badId = await open("", { Authorization: `Bearer ${tokens.alice}`, "Last-Event-ID": "12abc" });
    expect(badId.status).toBe(400);
    expect(JSON.parse(badId.body).code).toBe("invalid_last_event_id");
  });

  it("issues tickets only for header credentials of a user", async () => {
    expect((await fetch(stack.url + "/sparkweb/api/rest/sse/ticket", { method: "POST" })).status).toBe(401);
    const basic = await fetch(stack.url + "/sparkweb/api/rest/sse/ticket", { method: "POST", headers: { Authorization: stack.basic("alice") } });
    expect(basic.status).toBe(200);
    expect(basic.headers.get("cache-control")).toBe("no-store");
  });
});

describe("isolation", () => {
  it("never shows alice what carol and bob say to each other, live, replayed or searched", async () => {
    const alice = await streamOf("alice");
    const bobStream = await open(`?ticket=${await ticket("bob")}`);
    await bobStream.waitFor((e) => e.event === "onLive");
    await carol.send(chat("bob@localhost", "secret for bob"));
    await bobStream.waitFor(chatWith("secret for bob"));
    await bob.send(chat("alice@localhost", "marker for alice"));
    await alice.waitFor(chatWith("marker for alice"));
    expect(alice.events.some((e) => JSON.stringify(e.data).includes("secret"))).toBe(false);

    const replay = await open("", { Authorization: `Bearer ${tokens.alice}` }, { lastEventId: 0 });
    await replay.waitFor((e) => e.event === "onLive");
    expect(replay.events.some((e) => JSON.stringify(e.data).includes("secret"))).toBe(false);
    expect(replay.events.some((e) => e.data.body === "marker for alice")).toBe(true);

    const auth = { Authorization: `Bearer ${tokens.alice}` };
    const search = await json(await fetch(stack.url + "/sparkweb/api/rest/chat/messages?keywords=secret", { headers: auth }));
    expect(search.conversations).toEqual([]);
    const withBobRes = await fetch(stack.url + "/sparkweb/api/rest/chat/messages?to=bob", { headers: auth });
    expect(withBobRes.status).toBe(200);
    const withBob = await json(withBobRes);
    expect(JSON.stringify(withBob)).toContain("marker for alice");
    expect(JSON.stringify(withBob)).not.toContain("secret");
    const conversations = await json(await fetch(stack.url + "/sparkweb/api/rest/chat/conversations", { headers: auth }));
    expect(conversations.conversations.map((c: { jid: string }) => c.jid)).not.toContain("carol@localhost");
    const markCarol = await fetch(stack.url + "/sparkweb/api/rest/chat/conversations/carol/read", { method: "POST", headers: auth });
    expect(markCarol.status).toBe(404);
  });
});

describe("back-pressure", () => {
  it("cuts off a stream whose client stopped reading, while alice's other stream gets every message", async () => {
    const stalled = await streamOf("alice", { stall: true });
    const reader = await streamOf("alice");
    const big = "x".repeat(100_000);
    const auth = { Authorization: `Bearer ${tokens.alice}`, "Content-Type": "text/plain" };
    for (let i = 0; i < 60; i++) {
      const res = await fetch(`${stack.url}/sparkweb/api/rest/chat/message/bob`, { method: "POST", headers: auth, body: `${i} ${big}` });
      expect(res.status).toBe(200);
    }
    const got = await reader.waitForCount((e) => e.event === "chatapi.chat" && e.data.direction === "out" && e.data.body.endsWith(big), 60, 10_000);
    expect(got.map((e) => Number(e.data.body.split(" ")[0]))).toEqual(Array.from({ length: 60 }, (_, i) => i));
    stalled.resume();
    await stalled.waitForEnd();
    expect(stalled.events.filter((e) => e.event === "chatapi.chat").length).toBeLessThan(60);
    expect(reader.ended).toBe(false);
  });
});
