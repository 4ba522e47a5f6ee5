/**
 * The stream hub over real HTTP on loopback, with a real (in-memory) archive: exact
 * replay after Last-Event-ID, no message lost or doubled between replay and live,
 * fan-out to every stream of a user and to no one else, heartbeats, and clients that stop
 * reading cut off instead of growing memory.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { EventBus } from "../../component/events";
import { PresenceService } from "../../component/services/presence";
import { RosterCache } from "../../component/services/roster";
import { xml } from "../../component/stanza";
import { StreamHub } from "../../http/events/hub";
import { configureLogging, createLogger } from "../../log";
import { ArchiveRepo } from "../../storage/archive";
import { Db, openDatabase } from "../../storage/db";
import { connectSse, SseClient, SseEvent } from "../../scripts/sse-client";

const alice = "alice@localhost";
const bob = "bob@localhost";
configureLogging("error");
const log = createLogger("test");

let db: Db;
let archive: ArchiveRepo;
let events: EventBus;
let presence: PresenceService;
let hub: StreamHub;
let server: http.Server;
let base: string;
let counter = 0;
const clients: SseClient[] = [];
/** Users whose credentials the tests revoke. */
const revoked = new Set<string>();

function start(options: { heartbeatMs?: number; maxBuffer?: number; maxStreamsPerUser?: number } = {}) {
  db = openDatabase(":memory:");
  archive = new ArchiveRepo(db);
  events = new EventBus();
  const rosters = new RosterCache({ fetchRoster: async (user) => xml("iq", { type: "result", from: user }, xml("query", { xmlns: "jabber:iq:roster" })), ttlMs: 60_000 });
  presence = new PresenceService({ events, rosters, isOnline: () => true, rosterRefreshMs: 60_000, log });
  hub = new StreamHub({
    events,
    presence,
    profiles: { get: async () => ({ name: null, email: null }) },
    archive,
    heartbeatMs: options.heartbeatMs ?? 60_000,
    maxBuffer: options.maxBuffer ?? 512 * 1024,
    maxStreamsPerUser: options.maxStreamsPerUser ?? 20,
    maxStreams: 1000,
    log,
  });
  server = http.createServer((req, res) => {
    const url = new URL(req.url!, "http://localhost");
    const lastEventId = req.headers["last-event-id"];
    const user = url.searchParams.get("user")!;
    hub.open(res, { user, raw: false, lastEventId: lastEventId === undefined ? null : Number(lastEventId), stillAuthorized: () => !revoked.has(user) }).catch((err) => {
      res.writeHead(err.status ?? 500).end(err.code);
    });
  });
  return new Promise<void>((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve();
    }),
  );
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  hub.close();
  presence.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  db.close();
});

async function open(user: string, options: { lastEventId?: number; stall?: boolean } = {}): Promise<SseClient> {
  const client = await connectSse(`${base}/?user=${encodeURIComponent(user)}`, options);
  clients.push(client);
  return client;
}

/** What the archive engineer's feed does: store, then emit. */
function deliver(owner: string, body: string): number {
  const n = ++counter;
  const stanza = xml("message", { type: "chat", from: `${bob}/phone`, to: owner, id: `m${n}` }, xml("body", {}, body));
  const message = archive.store({
    owner,
    direction: "in",
    peer: bob,
    type: "chat",
    body,
    subject: null,
    thread: null,
    stanzaId: `s${n}`,
    originId: null,
    messageId: `m${n}`,
    from: `${bob}/phone`,
    to: owner,
    timestamp: Date.now(),
    xml: stanza.toString(),
  })!;
  events.emit("userMessage", { owner, direction: "in", message, stanza });
  return message.id;
}

const chats = (e: SseEvent) => e.event === "chatapi.chat";

describe("replay", () => {
  it("replays exactly what came after Last-Event-ID, in order, then says it is live", async () => {
    await start();
    const ids = Array.from({ length: 250 }, (_, i) => deliver(alice, `a${i}`));
    for (let i = 0; i < 5; i++) deliver(bob, `b${i}`);
    const client = await open(alice, { lastEventId: ids[49] });
    const live = await client.waitFor((e) => e.event === "onLive");
    const replayed = client.events.filter(chats);
    expect(replayed.map((e) => e.data.body)).toEqual(Array.from({ length: 200 }, (_, i) => `a${i + 50}`));
    expect(replayed.map((e) => Number(e.lastEventId))).toEqual(ids.slice(50));
    expect(live.data).toEqual({ replayed: 200, lastEventId: ids[249] });
    expect(client.events[0]).toMatchObject({ event: "onConnect", data: { jid: alice, resumeFrom: ids[49], lastEventId: ids[249] } });
  });

  it("loses and doubles nothing when messages arrive while a long replay runs", async () => {
    await start();
    for (let i = 0; i < 3000; i++) deliver(alice, `old ${i} ${"x".repeat(8000)}`); // 24 MB: more than socket buffers hold, so replay waits on the reader
    const client = await open(alice, { lastEventId: 0 });
    const fresh: string[] = [];
    // A new message each time the client has read 50 more replayed ones: replay is still running.
    for (let i = 0; i < 50; i++) {
      await client.waitForCount(chats, 50 * (i + 1));
      expect(client.events.some((e) => e.event === "onLive")).toBe(false);
      fresh.push(`new ${i}`);
      deliver(alice, `new ${i}`);
    }
    const got = await client.waitForCount(chats, 3050, 10_000);
    await new Promise((r) => setTimeout(r, 100));
    const bodies = client.events.filter(chats).map((e) => e.data.body as string);
    expect(bodies).toHaveLength(3050);
    expect(new Set(bodies).size).toBe(3050);
    expect(bodies.filter((b) => b.startsWith("new"))).toEqual(fresh);
    const ids = got.map((e) => Number(e.lastEventId));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it("goes live at once without Last-Event-ID, announcing where it starts", async () => {
    await start();
    const before = deliver(alice, "history");
    const client = await open(alice);
    await client.waitFor((e) => e.event === "onLive");
    const connect = client.events.find((e) => e.event === "onConnect")!;
    expect(connect.data).toMatchObject({ username: "alice", lastEventId: before, resumeFrom: null });
    expect(connect.lastEventId).toBe(String(before)); // a reconnect without an id of its own resumes from here
    const id = deliver(alice, "now");
    const event = await client.waitFor((e) => chats(e) && e.data.body === "now");
    expect(event.lastEventId).toBe(String(id));
    expect(client.events.filter(chats)).toHaveLength(1);
  });
});

describe("fan-out", () => {
  it("gives every event to every open stream of the user and to no one else", async () => {
    await start();
    const mine = await Promise.all([open(alice), open(alice), open(alice)]);
    const theirs = await open(bob);
    await Promise.all([...mine, theirs].map((c) => c.waitFor((e) => e.event === "onLive")));
    deliver(alice, "for alice");
    deliver(bob, "for bob");
    for (const c of mine) await c.waitFor((e) => chats(e) && e.data.body === "for alice");
    await theirs.waitFor((e) => chats(e) && e.data.body === "for bob");
    for (const c of mine) expect(c.events.filter(chats).map((e) => e.data.body)).toEqual(["for alice"]);
    expect(theirs.events.filter(chats).map((e) => e.data.body)).toEqual(["for bob"]);
  });

  it("refuses more streams per user than allowed, with 429", async () => {
    await start({ maxStreamsPerUser: 2 });
    await open(alice);
    await open(alice);
    const third = await open(alice);
    expect(third.status).toBe(429);
    expect(hub.streamsOf(alice)).toBe(2);
  });
});

describe("heartbeat and back-pressure", () => {
  it("sends a comment line at each heartbeat", async () => {
    await start({ heartbeatMs: 100 });
    const client = await open(alice);
    await new Promise((r) => setTimeout(r, 450));
    expect(client.comments.filter((c) => c === "ping").length).toBeGreaterThanOrEqual(3);
    expect(client.ended).toBe(false);
  });

  it("closes a stream at the first heartbeat after its credentials stop being valid", async () => {
    await start({ heartbeatMs: 100 });
    const client = await open(alice);
    await new Promise((r) => setTimeout(r, 250));
    expect(client.ended).toBe(false);
    revoked.add(alice);
    try {
      await client.waitForEnd(1000);
      expect(hub.streamsOf(alice)).toBe(0);
    } finally {
      revoked.delete(alice);
    }
  });

  it("cuts off a client that stops reading once its buffer passes the bound; the others get everything", async () => {
    await start({ maxBuffer: 64 * 1024 });
    const stalled = await open(alice, { stall: true });
    const reader = await open(alice);
    await reader.waitFor((e) => e.event === "onLive");
    const big = "y".repeat(20_000);
    for (let i = 0; i < 500; i++) {
      deliver(alice, `${i} ${big}`); // 10 MB in all, far more than socket buffers hold
      await new Promise((r) => setImmediate(r));
    }
    await reader.waitForCount(chats, 500, 10_000);
    expect(hub.streamsOf(alice)).toBe(1);
    stalled.resume();
    await stalled.waitForEnd();
    expect(stalled.events.filter(chats).length).toBeLessThan(500);
  });

  it("cuts off a client that read nothing for a whole heartbeat while data waited", async () => {
    await start({ heartbeatMs: 200, maxBuffer: 1024 * 1024 * 1024 });
    const stalled = await open(alice, { stall: true });
    await new Promise((r) => setTimeout(r, 50));
    for (let i = 0; i < 300; i++) deliver(alice, `${i} ${"z".repeat(20_000)}`);
    expect(hub.streamsOf(alice)).toBe(1);
    const deadline = Date.now() + 2000;
    while (hub.streamsOf(alice) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(hub.streamsOf(alice)).toBe(0);
    stalled.resume();
    await stalled.waitForEnd();
  });
});
