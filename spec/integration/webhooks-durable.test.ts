/**
 * Durable delivery against a real Prosody and a real local receiver that goes down:
 * messages that arrive while it is down are all delivered afterwards, in order, each with
 * one webhook-id; queued stanzas survive a gateway restart; a stanza that keeps failing
 * ends in the dead letters, where the CLI and the admin routes list and replay it.
 */
import xml from "@xmpp/xml";
import { Webhook } from "standardwebhooks";
import { parseStanzaXml } from "../../component/xml/parse";
import { main } from "../../main";
import { connectClient, TestClient } from "../support/client";
import { json } from "../support/http";
import { startStack, Stack, waitFor } from "../support/stack";
import { Answer, ReceivedRequest, startReceiver, webhookSecret, WebhookReceiver } from "../support/webhook-receiver";

type Element = xml.Element;

const SECRET = webhookSecret();
const RECEIPTS = "urn:xmpp:receipts";
const STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";

let receiver: WebhookReceiver;
let stack: Stack;
let alice: TestClient;
/** How the receiver answers POSTs; every POST and its status are recorded in `answered`. */
let respond: (req: ReceivedRequest) => Answer = () => ({ status: 204 });
const answered: { req: ReceivedRequest; status: number }[] = [];

beforeAll(async () => {
  receiver = await startReceiver((req) => {
    if (req.method === "OPTIONS") return { status: 204 };
    const answer = respond(req);
    answered.push({ req, status: answer.status ?? 204 });
    return answer;
  });
  stack = await startStack({
    server: { users: ["alice", "admin"] },
    toml: `
[[webhook]]
name = "sink"
url = "${receiver.url}/sink/{kind}"
events = ["bare"]
secret = "${SECRET}"
retry_initial = "200ms"
retry_max = "2s"
dead_after = "1h"
[[webhook]]
name = "fragile"
url = "${receiver.url}/fragile/{kind}"
events = ["full"]
secret = "${SECRET}"
retry_initial = "100ms"
retry_max = "200ms"
dead_after = "1s"
`,
  });
  alice = await connectClient(stack.server, "alice");
});

afterAll(async () => {
  await alice?.stop();
  await stack?.stop();
  await receiver?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

function message(to: string, id: string, body: string): Element {
  return xml("message", { to, type: "chat", id }, xml("body", {}, body), xml("request", { xmlns: RECEIPTS }));
}

function bodyOf(req: ReceivedRequest): string | null {
  return parseStanzaXml(req.body).getChildText("body");
}

function receiptsFor(prefix: string): string[] {
  return alice.received.flatMap((s) => s.getChild("received", RECEIPTS)?.attrs.id ?? []).filter((id: string) => id.startsWith(prefix));
}

function errorOf(stanza: Element) {
  const error = stanza.getChild("error")!;
  const condition = error.children.find((c): c is Element => typeof c !== "string" && c.attrs.xmlns === STANZAS && c.name !== "text");
  return { type: error.attrs.type, condition: condition?.name, text: error.getChildText("text", STANZAS) };
}

describe("at-least-once delivery, in order per sender", () => {
  it("delivers all 100 messages that arrived while the receiver was down for 30 s, in order, each under one webhook-id", async () => {
    await receiver.stop();
    const downAt = Date.now();
    // 100 messages spread over 25 s of the downtime.
    for (let i = 1; i <= 100; i++) {
      await alice.send(message("sink@rest.localhost", `down-${i}`, `message ${i}`));
      await sleep(downAt + i * 250 - Date.now());
    }
    await sleep(downAt + 30_000 - Date.now());
    expect(receiptsFor("down-")).toEqual([]); // nothing acknowledged while the webhook could not take it

    // The receiver comes back and answers its first request with a 503: that one is retried.
    let warmingUp = true;
    respond = () => (warmingUp ? ((warmingUp = false), { status: 503 }) : { status: 204 });
    const mark = answered.length;
    const backAt = Date.now();
    await receiver.start();
    const accepted = () => answered.slice(mark).filter((a) => a.status === 204 && a.req.path.startsWith("/sink/"));
    await waitFor(() => accepted().length >= 100, 15_000, "100 deliveries");
    const drainMs = Date.now() - backAt;

    expect(accepted().map((a) => bodyOf(a.req))).toEqual(Array.from({ length: 100 }, (_, i) => `message ${i + 1}`));
    const ids = accepted().map((a) => a.req.headers["webhook-id"]);
    expect(new Set(ids).size).toBe(100);
    const refused = answered[mark];
    expect(refused.status).toBe(503);
    expect(bodyOf(refused.req)).toBe("message 1");
    expect(refused.req.headers["webhook-id"]).toBe(ids[0]);
    for (const { req } of answered.slice(mark)) {
      expect(() => new Webhook(SECRET).verify(req.body, req.headers as Record<string, string>, { jsonParse: false })).not.toThrow();
    }
    // Receipts only once the webhook took each message, all of them, in order.
    await waitFor(() => receiptsFor("down-").length === 100, 5000, "100 receipts");
    expect(receiptsFor("down-")).toEqual(Array.from({ length: 100 }, (_, i) => `down-${i + 1}`));
    expect(drainMs).toBeLessThan(10_000);
  }, 60_000);

  it("keeps queued stanzas across a restart of the gateway, and delivers them under the same webhook-id", async () => {
    respond = () => ({ status: 503 });
    for (let i = 1; i <= 3; i++) await alice.send(message("sink@rest.localhost", `restart-${i}`, `restart ${i}`));
    // The component answers in order: once it answered this, all three are in the outbox
    // (stopped earlier, the server would bounce what is still on its way).
    await alice.xmpp.iqCaller.request(xml("iq", { type: "get", to: "rest.localhost" }, xml("ping", { xmlns: "urn:xmpp:ping" })));
    const firstTry = await receiver.waitFor((r) => r.body.includes("restart 1"));
    await stack.restartGateway();
    respond = () => ({ status: 204 });
    const delivered = () => answered.filter((a) => a.status === 204 && a.req.body.includes("restart "));
    await waitFor(() => delivered().length === 3, 10_000, "the 3 deliveries");
    expect(delivered().map((a) => bodyOf(a.req))).toEqual(["restart 1", "restart 2", "restart 3"]);
    expect(delivered()[0].req.headers["webhook-id"]).toBe(firstTry.headers["webhook-id"]);
  });
});

describe("a stanza whose xml:lang is no language tag", () => {
  it("is delivered without Content-Language, and does not hold up its sender's next message", async () => {
    respond = () => ({ status: 204 });
    await alice.send(xml("message", { to: "sink@rest.localhost", type: "chat", id: "lang-1", "xml:lang": "日本" }, xml("body", {}, "lang 1")));
    await alice.send(message("sink@rest.localhost", "lang-2", "lang 2"));
    const delivered = () => answered.filter((a) => a.status === 204 && a.req.body.includes("lang "));
    await waitFor(() => delivered().length === 2, 5000, "both deliveries");
    expect(delivered().map((a) => bodyOf(a.req))).toEqual(["lang 1", "lang 2"]);
    expect(delivered()[0].req.headers["content-language"]).toBeUndefined();
    expect(parseStanzaXml(delivered()[0].req.body).attrs["xml:lang"]).toBe("日本");
    expect(delivered()[1].req.headers["content-language"]).toBe("en");
  });
});

describe("dead letters", () => {
  const FRAGILE = "fragile@rest.localhost/x";
  let firstAttempt: ReceivedRequest;

  async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const log = jest.spyOn(console, "log").mockImplementation((...a) => void out.push(a.join(" ")));
    const error = jest.spyOn(console, "error").mockImplementation((...a) => void err.push(a.join(" ")));
    try {
      const code = await main([...args, "--config", stack.configPath]);
      return { code, out: out.join("\n"), err: err.join("\n") };
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  }

  function admin(path: string, method = "GET", user = "admin"): Promise<Response> {
    return fetch(stack.url + path, { method, headers: { Authorization: stack.basic(user) } });
  }

  it("a message that keeps failing is retried, then moves to the dead letters, and its sender gets the error", async () => {
    respond = (req) => (req.path.startsWith("/fragile/") ? { status: 500 } : { status: 204 });
    await alice.send(message(FRAGILE, "doomed-1", "doomed 1"));
    const error = await alice.waitFor((s) => s.attrs.id === "doomed-1" && s.attrs.type === "error", 10_000);
    expect(errorOf(error)).toEqual({ type: "wait", condition: "internal-server-error", text: "500 Internal Server Error" });
    const attempts = receiver.to("/fragile/").filter((r) => r.body.includes("doomed 1"));
    expect(attempts.length).toBeGreaterThan(1);
    expect(new Set(attempts.map((r) => r.headers["webhook-id"])).size).toBe(1);
    firstAttempt = attempts[0];
  });

  it("xmpp-rest webhooks dead lists it, without its contents", async () => {
    const { code, out } = await cli("webhooks", "dead");
    expect(code).toBe(0);
    const lines = out.split("\n");
    expect(lines).toHaveLength(1);
    const [id, webhook, sender, kind, attempts, deadAt, lastError] = lines[0].split("\t");
    expect(id).toMatch(/^\d+$/);
    expect({ webhook, sender, kind, lastError }).toEqual({ webhook: "fragile", sender: "alice@localhost", kind: "message", lastError: "HTTP 500 Internal Server Error" });
    expect(attempts).toMatch(/^\d+ attempt\(s\)$/);
    expect(Date.parse(deadAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(out).not.toContain("doomed");
  });

  it("xmpp-rest webhooks replay ID sends it again under the same webhook-id, and the sender then gets its receipt", async () => {
    respond = () => ({ status: 204 });
    const id = (await cli("webhooks", "dead")).out.split("\t")[0];
    const since = Date.now();
    const { code, out } = await cli("webhooks", "replay", id);
    expect(code).toBe(0);
    expect(out).toContain(`replayed ${id}`);
    // The running gateway notices the CLI's change (another process) within a second.
    const redelivered = await receiver.waitFor((r) => r.at >= since && r.body.includes("doomed 1"), 5000);
    expect(redelivered.headers["webhook-id"]).toBe(firstAttempt.headers["webhook-id"]);
    await waitFor(() => receiptsFor("doomed-1").length === 1, 5000, "the receipt");
    expect((await cli("webhooks", "dead")).out).toBe("");
  });

  it("xmpp-rest webhooks replay refuses an unknown id, and a bad argument", async () => {
    expect(await cli("webhooks", "replay", "424242")).toMatchObject({ code: 1, err: "no dead letter with id 424242" });
    expect((await cli("webhooks", "replay", "yesterday")).code).toBe(2);
  });

  it("the admin routes list and replay dead letters, for admins only", async () => {
    respond = (req) => (req.path.startsWith("/fragile/") ? { status: 503 } : { status: 204 });
    await alice.send(message(FRAGILE, "doomed-2", "doomed 2"));
    await alice.send(message(FRAGILE, "doomed-3", "doomed 3"));
    await alice.waitFor((s) => s.attrs.id === "doomed-3" && s.attrs.type === "error", 10_000);

    const anonymous = await fetch(stack.url + "/admin/webhooks/dead-letters");
    expect(anonymous.status).toBe(401);
    expect(await json(anonymous)).toMatchObject({ code: "credentials_missing" });
    const notAdmin = await admin("/admin/webhooks/dead-letters", "GET", "alice");
    expect(notAdmin.status).toBe(403);
    expect(await json(notAdmin)).toMatchObject({ status: 403, code: "admin_required" });
    expect((await admin("/admin/webhooks/dead-letters/replay", "POST", "alice")).status).toBe(403);

    const listed = await admin("/admin/webhooks/dead-letters");
    expect(listed.status).toBe(200);
    const text = await listed.text();
    expect(text).not.toContain("doomed");
    const { dead_letters: dead } = JSON.parse(text);
    expect(dead).toHaveLength(2);
    expect(dead[0]).toMatchObject({ webhook: "fragile", sender: "alice@localhost", kind: "message", last_error: "HTTP 503 Service Unavailable" });
    expect(dead[0].webhook_id).toMatch(/^msg_/);

    const badId = await admin("/admin/webhooks/dead-letters/abc/replay", "POST");
    expect(badId.status).toBe(400);
    expect(await json(badId)).toMatchObject({ code: "invalid_id" });
    const unknown = await admin("/admin/webhooks/dead-letters/999999/replay", "POST");
    expect(unknown.status).toBe(404);
    expect(await json(unknown)).toMatchObject({ code: "dead_letter_not_found" });

    respond = () => ({ status: 204 });
    const since = Date.now();
    const replayed = await admin("/admin/webhooks/dead-letters/replay", "POST");
    expect(replayed.status).toBe(202);
    expect(await json(replayed)).toEqual({ replayed: dead.map((d: { id: number }) => d.id), not_replayed: [] });
    await waitFor(() => answered.filter((a) => a.req.at >= since && a.status === 204).length === 2, 5000, "the 2 deliveries");
    expect(answered.filter((a) => a.req.at >= since).map((a) => bodyOf(a.req))).toEqual(["doomed 2", "doomed 3"]);
    expect(await json(await admin("/admin/webhooks/dead-letters"))).toEqual({ dead_letters: [] });
  });

  it("replays one dead letter by id over HTTP", async () => {
    respond = (req) => (req.path.startsWith("/fragile/") ? { status: 500 } : { status: 204 });
    await alice.send(message(FRAGILE, "doomed-4", "doomed 4"));
    await alice.waitFor((s) => s.attrs.id === "doomed-4" && s.attrs.type === "error", 10_000);
    const [dead] = (await json(await admin("/admin/webhooks/dead-letters"))).dead_letters;
    respond = () => ({ status: 204 });
    const res = await admin(`/admin/webhooks/dead-letters/${dead.id}/replay`, "POST");
    expect(res.status).toBe(202);
    expect(await json(res)).toEqual({ replayed: [dead.id], not_replayed: [] });
    await waitFor(() => receiptsFor("doomed-4").length === 1, 5000, "the receipt");
  });
});
