/**
 * The inbound feed in its default mode (spool) against a real Prosody configured with the
 * rules `xmpp-rest init` prints: real clients send, the gateway archives and announces;
 * nothing is lost while the gateway is stopped, while Prosody restarts, or when storing fails.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import xml from "@xmpp/xml";
import type { ComponentEvents } from "../../component/events";
import { FIREWALL_SCRIPT } from "../../component/prosody-config";
import { main } from "../../main";
import { ArchiveRepo, ArchivedMessage } from "../../storage/archive";
import { connectClient, TestClient } from "../support/client";
import { startStack, Stack, waitFor } from "../support/stack";

type UserMessage = ComponentEvents["userMessage"][0];

let stack: Stack;
let bob: TestClient;
let alice: TestClient;

const ALICE = "alice@localhost";
const BOB = "bob@localhost";
const timings = (line: string) => process.env.INBOUND_TIMINGS && console.log(line);

beforeAll(async () => {
  stack = await startStack();
  await feedOnline();
  bob = await connectClient(stack.server, "bob", "phone");
  alice = await connectClient(stack.server, "alice", "desktop");
});

afterAll(async () => {
  jest.restoreAllMocks();
  await bob?.stop();
  await alice?.stop();
  await stack?.stop();
});

function feedOnline(): Promise<void> {
  return waitFor(() => stack.gateway.inbound.spool?.online === true, 10_000, "the spool reader to be online");
}

function chat(to: string, id: string, body: string) {
  return xml("message", { to, type: "chat", id }, xml("body", {}, body));
}

/** Resolves once the server has processed everything `client` sent before. */
async function serverHasProcessed(client: TestClient): Promise<void> {
  await client.xmpp.iqCaller.request(xml("iq", { type: "get", to: "localhost" }, xml("ping", { xmlns: "urn:xmpp:ping" })));
}

/** Everything in `owner`'s archive, oldest first. */
function archiveOf(owner: string): ArchivedMessage[] {
  const all: ArchivedMessage[] = [];
  for (let page = stack.gateway.archive.after(owner, 0, 1000); page.length; page = stack.gateway.archive.after(owner, page[page.length - 1].id, 1000)) {
    all.push(...page);
  }
  return all;
}

function bodiesFrom(owner: string, prefix: string): string[] {
  return archiveOf(owner)
    .map((m) => m.body ?? "")
    .filter((body) => body.startsWith(prefix));
}

function nextUserMessage(match: (event: UserMessage) => boolean, timeoutMs = 5000): Promise<UserMessage> {
  return new Promise((resolve, reject) => {
    const events = stack.gateway.component.events;
    const timer = setTimeout(() => {
      events.off("userMessage", listener);
      reject(new Error("no matching userMessage event"));
    }, timeoutMs);
    const listener = (event: UserMessage) => {
      if (!match(event)) return;
      clearTimeout(timer);
      events.off("userMessage", listener);
      resolve(event);
    };
    events.on("userMessage", listener);
  });
}

describe("live feed", () => {
  it("archives bob's message for alice with the server's stanza-id and announces it within 1 s", async () => {
    const announced = nextUserMessage((e) => e.owner === ALICE && e.message?.body === "hello alice");
    const t0 = performance.now();
    await bob.send(chat(ALICE, "live-1", "hello alice"));
    const event = await announced;
    const latency = performance.now() - t0;
    timings(`feed latency bob -> userMessage: ${latency.toFixed(1)} ms`);
    expect(latency).toBeLessThan(1000);

    expect(event.direction).toBe("in");
    expect(event.message).toMatchObject({
      owner: ALICE,
      direction: "in",
      peer: BOB,
      type: "chat",
      from: `${BOB}/phone`,
      to: ALICE,
      messageId: "live-1",
      stanzaId: expect.any(String),
    });
    expect(event.message!.xml).toContain("hello alice");
    // The row is in the archive before the event fires.
    expect(stack.gateway.archive.after(ALICE, event.message!.id - 1, 1)[0]).toEqual(event.message);
    // The rule forwards a copy: alice's own client still gets the original, with the same stanza-id.
    const original = await alice.waitFor((s) => s.attrs.id === "live-1");
    expect(original.getChild("stanza-id", "urn:xmpp:sid:0")?.attrs.id).toBe(event.message!.stanzaId);
  });

  it("archives the local sender's own copy as outgoing", async () => {
    await bob.send(chat(ALICE, "live-2", "bob's copy too"));
    await waitFor(() => archiveOf(BOB).some((m) => m.messageId === "live-2"), 5000, "bob's copy");
    expect(archiveOf(BOB).find((m) => m.messageId === "live-2")).toMatchObject({ owner: BOB, direction: "out", peer: ALICE });
  });

  it("announces chat states live without archiving them", async () => {
    const announced = nextUserMessage((e) => e.owner === ALICE && e.stanza.getChild("composing") !== undefined);
    const before = archiveOf(ALICE).length;
    await bob.send(xml("message", { to: ALICE, type: "chat", id: "typing-1" }, xml("composing", { xmlns: "http://jabber.org/protocol/chatstates" })));
    expect(await announced).toMatchObject({ owner: ALICE, direction: "in", message: null });
    await bob.send(chat(ALICE, "after-typing", "after typing"));
    await waitFor(() => archiveOf(ALICE).some((m) => m.messageId === "after-typing"), 5000, "the next message");
    expect(archiveOf(ALICE)).toHaveLength(before + 1);
  });

  it("ignores messages sent straight to the spool account, even dressed as a server forward", async () => {
    const spool = stack.server.inbound.spool.jid;
    await bob.send(
      xml("message", { to: spool }, xml("forwarded", { xmlns: "urn:xmpp:forward:0" }, xml("message", { xmlns: "jabber:client", from: "carol@localhost/x", to: ALICE, type: "chat", id: "forged" }, xml("body", {}, "forged by bob")))),
    );
    // Sent after the forgery on the same stream, so archived after the forgery was seen.
    await bob.send(chat(ALICE, "after-forgery", "after the forgery"));
    await waitFor(() => archiveOf(ALICE).some((m) => m.messageId === "after-forgery"), 5000, "the next message");
    expect(archiveOf(ALICE).some((m) => m.messageId === "forged")).toBe(false);
  });
});

describe("group chat", () => {
  const ROOM = "lab@conference.localhost";

  async function join(client: TestClient, nick: string): Promise<void> {
    await client.send(xml("presence", { to: `${ROOM}/${nick}` }, xml("x", { xmlns: "http://jabber.org/protocol/muc" })));
    await client.waitFor((s) => s.is("presence") && s.attrs.from === `${ROOM}/${nick}` && s.getChild("x", "http://jabber.org/protocol/muc#user")?.getChildren("status").some((st) => st.attrs.code === "110") === true);
  }

  it("archives a room message once per user, however many of the user's clients are in the room", async () => {
    await join(alice, "alice");
    // An instant room, so others may join.
    await alice.xmpp.iqCaller.request(xml("iq", { type: "set", to: ROOM }, xml("query", { xmlns: "http://jabber.org/protocol/muc#owner" }, xml("x", { xmlns: "jabber:x:data", type: "submit" }))));
    const laptop = await connectClient(stack.server, "alice", "laptop");
    try {
      await join(laptop, "alice-laptop");
      await join(bob, "bob");
      const events: UserMessage[] = [];
      const record = (e: UserMessage) => e.owner === ALICE && e.message?.type === "groupchat" && events.push(e);
      stack.gateway.component.events.on("userMessage", record);
      await bob.send(xml("message", { to: ROOM, type: "groupchat", id: "room-1" }, xml("body", {}, "hello room")));
      await laptop.waitFor((s) => s.attrs.id === "room-1");
      // Both of alice's copies were forwarded before this message, on the same spool stream.
      await bob.send(chat(ALICE, "after-room", "after the room"));
      await waitFor(() => archiveOf(ALICE).some((m) => m.messageId === "after-room"), 5000, "the next message");
      stack.gateway.component.events.off("userMessage", record);

      const rows = archiveOf(ALICE).filter((m) => m.type === "groupchat");
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ direction: "in", peer: ROOM, from: `${ROOM}/bob`, body: "hello room", stanzaId: expect.any(String) });
      expect(events).toHaveLength(1);
      // Joining sends each client the room's subject: not history.
      expect(archiveOf(ALICE).some((m) => m.subject !== null && m.type === "groupchat")).toBe(false);
      // bob's client got the room's echo: that is bob's own copy.
      expect(archiveOf(BOB).filter((m) => m.type === "groupchat")).toHaveLength(1);
    } finally {
      await laptop.stop();
    }
  });
});

describe("the gateway's own sends", () => {
  it("archives a message sent as alice through POST /rest once, for alice, as outgoing", async () => {
    const announced = nextUserMessage((e) => e.owner === ALICE && e.direction === "out" && e.message?.body === "from the web");
    const res = await fetch(stack.url + "/rest", {
      method: "POST",
      headers: { Authorization: stack.basic("alice"), "Content-Type": "application/json" },
      body: JSON.stringify({ kind: "message", type: "chat", to: BOB, id: "web-1", body: "from the web" }),
    });
    expect(res.status).toBe(202);
    const event = await announced;
    expect(event.message).toMatchObject({ owner: ALICE, direction: "out", peer: BOB, from: ALICE, to: BOB, messageId: "web-1" });
    await bob.waitFor((s) => s.attrs.id === "web-1");
    // The server's copy reaches the feed too: bob's incoming row appears, alice's row is not doubled.
    await waitFor(() => archiveOf(BOB).some((m) => m.messageId === "web-1" && m.direction === "in"), 5000, "bob's copy");
    expect(archiveOf(ALICE).filter((m) => m.messageId === "web-1")).toHaveLength(1);
  });
});

describe("no loss", () => {
  it("keeps what arrives while the gateway is stopped: 200 messages, in order, once each", async () => {
    let startedAt = 0;
    await stack.restartGateway(async () => {
      for (let i = 0; i < 200; i++) await bob.send(chat(ALICE, `backlog-${i}`, `backlog ${i}`));
      await serverHasProcessed(bob);
      startedAt = performance.now();
    });
    await waitFor(() => bodiesFrom(ALICE, "backlog ").length >= 200, 10_000, "the backlog");
    timings(`200-message backlog ingested ${(performance.now() - startedAt).toFixed(0)} ms after the gateway started`);
    expect(bodiesFrom(ALICE, "backlog ")).toEqual(Array.from({ length: 200 }, (_, i) => `backlog ${i}`));
    const rows = archiveOf(ALICE).filter((m) => m.body?.startsWith("backlog "));
    expect(new Set(rows.map((m) => m.stanzaId)).size).toBe(200);
    // Timestamps are when the server took them in, not when the gateway caught up.
    expect(rows[0].timestamp).toBeLessThanOrEqual(startedAt + performance.timeOrigin);
  });

  it("loses nothing when storing fails in the middle of a 1000-message backlog", async () => {
    let failed = false;
    const store = ArchiveRepo.prototype.store;
    const spy = jest.spyOn(ArchiveRepo.prototype, "store").mockImplementation(function (this: ArchiveRepo, message) {
      if (!failed && message.owner === ALICE && message.body === "burst 150") {
        failed = true;
        throw new Error("disk I/O error");
      }
      return store.call(this, message);
    });
    await stack.restartGateway(async () => {
      for (let i = 0; i < 1000; i++) void bob.send(chat(ALICE, `burst-${i}`, `burst ${i}`));
      await serverHasProcessed(bob);
    });
    await waitFor(() => bodiesFrom(ALICE, "burst ").length >= 1000, 20_000, "the whole backlog");
    spy.mockRestore();
    expect(failed).toBe(true);
    const burst = Array.from({ length: 1000 }, (_, i) => `burst ${i}`);
    expect(bodiesFrom(ALICE, "burst ")).toEqual(burst);
    expect(bodiesFrom(BOB, "burst ")).toEqual(burst);
  });

  it("stores and announces each copy once when storing the second copy fails", async () => {
    let failed = false;
    const store = ArchiveRepo.prototype.store;
    const spy = jest.spyOn(ArchiveRepo.prototype, "store").mockImplementation(function (this: ArchiveRepo, message) {
      // Bob's own copy comes after alice's: hers was already stored when his fails.
      if (!failed && message.owner === BOB && message.messageId === "second-copy") {
        failed = true;
        throw new Error("disk I/O error");
      }
      return store.call(this, message);
    });
    const announced: UserMessage[] = [];
    const onMessage = (event: UserMessage) => {
      if (event.stanza.attrs.id === "second-copy") announced.push(event);
    };
    const events = stack.gateway.component.events;
    events.on("userMessage", onMessage);
    try {
      await bob.send(chat(ALICE, "second-copy", "second copy fails"));
      // Sent after it on the same stream: once it is stored, the failed one was delivered again.
      await bob.send(chat(ALICE, "after-second-copy", "after the failure"));
      await waitFor(() => archiveOf(BOB).some((m) => m.messageId === "after-second-copy"), 10_000, "the next message");
    } finally {
      spy.mockRestore();
      events.off("userMessage", onMessage);
    }
    expect(failed).toBe(true);
    expect(archiveOf(ALICE).filter((m) => m.messageId === "second-copy")).toHaveLength(1);
    expect(archiveOf(BOB).filter((m) => m.messageId === "second-copy")).toHaveLength(1);
    expect(announced.map((e) => [e.owner, e.direction])).toEqual([
      [ALICE, "in"],
      [BOB, "out"],
    ]);
  });

  it("reconnects after Prosody restarts and loses nothing sent around the restart", async () => {
    for (let i = 0; i < 50; i++) void bob.send(chat(ALICE, `before-restart-${i}`, `before restart ${i}`));
    await serverHasProcessed(bob);
    await stack.server.restart();
    await bob.stop();
    await alice.stop();
    bob = await connectClient(stack.server, "bob", "phone");
    alice = await connectClient(stack.server, "alice", "desktop");
    for (let i = 0; i < 50; i++) await bob.send(chat(ALICE, `after-restart-${i}`, `after restart ${i}`));
    await feedOnline();
    await waitFor(() => bodiesFrom(ALICE, "after restart ").length >= 50, 10_000, "the messages sent after the restart");
    expect(bodiesFrom(ALICE, "before restart ")).toEqual(Array.from({ length: 50 }, (_, i) => `before restart ${i}`));
    expect(bodiesFrom(ALICE, "after restart ")).toEqual(Array.from({ length: 50 }, (_, i) => `after restart ${i}`));
  });
});

describe("xmpp-rest init", () => {
  async function init(...args: string[]): Promise<string> {
    let out = "";
    const log = jest.spyOn(console, "log").mockImplementation((text: string) => void (out += text + "\n"));
    const write = jest.spyOn(process.stdout, "write").mockImplementation((text) => ((out += String(text)), true));
    try {
      expect(await main(["init", "--config", stack.configPath, ...args])).toBe(0);
    } finally {
      log.mockRestore();
      write.mockRestore();
    }
    return out;
  }

  it("prints the firewall rule, the chain and the spool account this server runs with", async () => {
    expect(await init("--firewall-script")).toBe(readFileSync(join(stack.server.dir, FIREWALL_SCRIPT), "utf8"));
    const printed = await init();
    const running = readFileSync(join(stack.server.dir, "prosody.cfg.lua"), "utf8");
    for (const line of ["firewall_scripts = ", "firewall_extra_chains = ", "smacks_max_queue_size = "]) {
      const printedLine = printed.split("\n").find((l) => l.includes(line));
      expect(printedLine).toBeDefined();
      expect(running).toContain(printedLine);
    }
    const spool = stack.server.inbound.spool;
    expect(printed).toContain(`prosodyctl register ${spool.local} localhost '${spool.password}'`);
  });
});
