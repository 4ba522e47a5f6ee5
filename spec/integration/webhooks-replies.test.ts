/**
 * Webhook replies against a real Prosody: alice's real client sends to the component's
 * JIDs, a real local HTTP receiver answers, and what alice gets back is checked for every
 * row of mod_rest's reply table (Part 1 §6) with our corrections (Part 2 #8, #9). Also the
 * OPTIONS probe, the URL template, routing by address, receipts and signatures.
 */
import xml from "@xmpp/xml";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { parseStanzaXml } from "../../component/xml/parse";
import { OutboxRepo } from "../../storage/outbox";
import { connectClient, TestClient } from "../support/client";
import { startStack, Stack } from "../support/stack";
import { Answer, startReceiver, webhookSecret, WebhookReceiver } from "../support/webhook-receiver";

type Element = xml.Element;

const BOT = "bot@rest.localhost";
const ALICE = "alice@localhost/test";
const STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
const SECRETS = { xml: webhookSecret(), json: webhookSecret() };
const JSON_TYPE = { "Content-Type": "application/json" };

let receiver: WebhookReceiver;
let stack: Stack;
let alice: TestClient;
/** How the receiver answers the stanza under test. */
let answer: (body: string) => Answer = () => ({ status: 204 });
let counter = 0;

beforeAll(async () => {
  receiver = await startReceiver((req) => {
    if (req.method === "OPTIONS") return req.path.startsWith("/json/") ? { status: 200, headers: { Accept: "application/json" } } : { status: 200 };
    const sentinel = /sentinel-\d+/.exec(req.body)?.[0];
    if (sentinel) return { status: 200, headers: JSON_TYPE, body: JSON.stringify({ type: "chat", body: sentinel }) };
    return answer(req.body);
  });
  const hook = (name: "xml" | "json", events: string) => `
[[webhook]]
name = "${name}"
url = "${receiver.url}/${name}/{kind}/{type}/{to}/{from}"
events = ["${events}"]
secret = "${SECRETS[name]}"
timeout = "1s"
dead_after = "0s"
`;
  // IQs to the component's own address: at most two posted at once.
  const limited = `
[[webhook]]
name = "limited"
url = "${receiver.url}/limited/{kind}"
events = ["host"]
stanzas = ["iq"]
iq_concurrency = 2
`;
  stack = await startStack({ toml: hook("xml", "bare") + hook("json", "full") + limited });
  alice = await connectClient(stack.server, "alice");
});

afterAll(async () => {
  await alice?.stop();
  await stack?.stop();
  await receiver?.stop();
});

function nextId(prefix: string): string {
  return `${prefix}-${++counter}`;
}

function chat(extra: Element[] = [], attrs: Record<string, string | undefined> = { type: "chat" }): Element {
  return xml("message", { to: BOT, id: nextId("m"), ...attrs }, xml("body", {}, "hello webhook"), ...extra);
}

function fromBot(stanza: Element): boolean {
  return (stanza.attrs.from ?? "").startsWith(BOT);
}

/**
 * Sends `stanza`, then a sentinel message through the same queue (same sender, same
 * webhook). Deliveries are in order, so everything sent back for `stanza` arrives before
 * the sentinel's reply: what came before it is the whole answer, possibly nothing.
 */
async function answersTo(stanza: Element, reply: Answer | ((body: string) => Answer)): Promise<Element[]> {
  answer = typeof reply === "function" ? reply : () => reply;
  const mark = alice.received.length;
  await alice.send(stanza);
  const sentinel = nextId("sentinel");
  await alice.send(xml("message", { to: stanza.attrs.to, type: "chat", id: sentinel }, xml("body", {}, sentinel)));
  await alice.waitFor((s) => s.getChildText("body") === sentinel);
  return alice.received.slice(mark).filter((s) => fromBot(s) && s.getChildText("body") !== sentinel);
}

async function iqAnswer(reply: Answer, iq = versionQuery()): Promise<Element> {
  answer = () => reply;
  await alice.send(iq);
  return alice.waitFor((s) => s.name === "iq" && s.attrs.id === iq.attrs.id);
}

function versionQuery(to = BOT): Element {
  return xml("iq", { to, type: "get", id: nextId("iq") }, xml("query", { xmlns: "jabber:iq:version" }));
}

function errorOf(stanza: Element) {
  const error = stanza.getChild("error");
  const condition = error?.children.find((c): c is Element => typeof c !== "string" && c.attrs.xmlns === STANZAS && c.name !== "text");
  return { type: error?.attrs.type, condition: condition?.name, text: error?.getChildText("text", STANZAS) ?? undefined };
}

describe("message: what the webhook answers is what the sender gets", () => {
  it.each([202, 204])("%i: nothing is sent back", async (status) => {
    expect(await answersTo(chat(), { status })).toEqual([]);
  });

  it("2xx with a message in JSON: that message, addressed back, with the answer's id and type", async () => {
    const [reply, ...more] = await answersTo(chat(), { status: 200, headers: JSON_TYPE, body: '{"type":"headline","id":"answer-1","body":"hi alice"}' });
    expect(more).toEqual([]);
    expect(reply.attrs).toMatchObject({ from: BOT, to: ALICE, id: "answer-1", type: "headline" });
    expect(reply.getChildText("body")).toBe("hi alice");
  });

  it("2xx with a message in XML: kept as written, but only from/to/id/type/xml:lang on the stanza", async () => {
    const body = `<message xmlns='jabber:client' to='carol@localhost' from='mallory@localhost' type='normal' xml:lang='de' foo='bar' id='answer-2'><body>Hallo</body><subject>Gruß</subject></message>`;
    const [reply] = await answersTo(chat(), { status: 200, headers: { "Content-Type": "application/xmpp+xml" }, body });
    expect(reply.attrs).toMatchObject({ from: BOT, to: ALICE, id: "answer-2", type: "normal", "xml:lang": "de" });
    expect(reply.attrs.foo).toBeUndefined();
    expect(reply.getChildText("body")).toBe("Hallo");
    expect(reply.getChildText("subject")).toBe("Gruß");
  });

  it("2xx with text/plain: a chat message with that text", async () => {
    const [reply] = await answersTo(chat(), { status: 200, headers: { "Content-Type": "text/plain; charset=utf-8" }, body: "plain answer" });
    expect(reply.attrs).toMatchObject({ from: BOT, to: ALICE, type: "chat" });
    expect(reply.getChildText("body")).toBe("plain answer");
  });

  it("2xx with a form: the message the form describes", async () => {
    const [reply] = await answersTo(chat(), { status: 200, headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "type=normal&body=formed+answer" });
    expect(reply.attrs).toMatchObject({ type: "normal" });
    expect(reply.getChildText("body")).toBe("formed answer");
  });

  it("an answer without an id gets a new random one", async () => {
    const question = chat();
    const [reply] = await answersTo(question, { status: 200, headers: JSON_TYPE, body: '{"type":"chat","body":"no id"}' });
    expect(reply.attrs.id).toMatch(/^[0-9a-f]{24}$/);
    expect(reply.attrs.id).not.toBe(question.attrs.id);
  });

  it.each<[string, Answer]>([
    ["an empty body", { status: 200 }],
    ["text/html", { status: 200, headers: { "Content-Type": "text/html" }, body: "<p>thanks</p>" }],
    ["broken XML", { status: 200, headers: { "Content-Type": "application/xmpp+xml" }, body: "<message><body>oops</message>" }],
    ["no Content-Type", { status: 200, body: '{"body":"typeless"}' }],
    ["a presence (another kind)", { status: 200, headers: JSON_TYPE, body: '{"kind":"presence","show":"away"}' }],
  ])("2xx with %s: an empty reply of the same type with a new id", async (_, reply) => {
    const question = chat();
    const replies = await answersTo(question, reply);
    expect(replies).toHaveLength(1);
    expect(replies[0].attrs).toMatchObject({ from: BOT, to: ALICE, type: "chat" });
    expect(replies[0].attrs.id).not.toBe(question.attrs.id);
    expect(replies[0].getChild("body")).toBeUndefined();
  });

  it("3xx with a message: that message (only 4xx and 5xx are errors)", async () => {
    const [reply] = await answersTo(chat(), { status: 301, headers: { ...JSON_TYPE, Location: "/elsewhere" }, body: '{"type":"chat","body":"moved"}' });
    expect(reply.getChildText("body")).toBe("moved");
  });

  it("3xx without a stanza: an error named by the status line", async () => {
    const question = chat();
    const [reply] = await answersTo(question, { status: 301, headers: { Location: "/elsewhere" } });
    expect(reply.attrs).toMatchObject({ type: "error", id: question.attrs.id, to: ALICE });
    expect(errorOf(reply)).toEqual({ type: "cancel", condition: "undefined-condition", text: "301 Moved Permanently" });
  });

  it.each<[number, Answer, ReturnType<typeof errorOf>]>([
    [400, { status: 400 }, { type: "modify", condition: "bad-request", text: "400 Bad Request" }],
    // Part 2 #8: a body does not turn an error status into a normal reply.
    [403, { status: 403, headers: JSON_TYPE, body: '{"type":"chat","body":"not an answer"}' }, { type: "auth", condition: "forbidden", text: "403 Forbidden" }],
    [404, { status: 404, headers: { "Content-Type": "text/plain" }, body: "no such bot\n" }, { type: "cancel", condition: "item-not-found", text: "no such bot" }],
    [418, { status: 418 }, { type: "cancel", condition: "undefined-condition", text: "418 I'm a Teapot" }],
    [500, { status: 500, headers: { "Content-Type": "application/xmpp+xml" }, body: "<message><body>ignored</body></message>" }, { type: "wait", condition: "internal-server-error", text: "500 Internal Server Error" }],
    [503, { status: 503, headers: { "Content-Type": "text/plain" }, body: "down for maintenance" }, { type: "cancel", condition: "service-unavailable", text: "down for maintenance" }],
    [599, { status: 599 }, { type: "cancel", condition: "undefined-condition", text: "599 Unassigned" }],
  ])("%i: an error reply with the original id", async (_, reply, expected) => {
    const question = chat();
    const replies = await answersTo(question, reply);
    expect(replies).toHaveLength(1);
    expect(replies[0].attrs).toMatchObject({ type: "error", id: question.attrs.id, from: BOT, to: ALICE });
    expect(errorOf(replies[0])).toEqual(expected);
  });

  it("connection closed without a response: recipient-unavailable", async () => {
    const [reply] = await answersTo(chat(), { hangUp: true });
    expect(errorOf(reply)).toEqual({ type: "wait", condition: "recipient-unavailable", text: undefined });
  });

  it("no answer within the webhook's timeout (1 s here): remote-server-timeout", async () => {
    const question = chat();
    const [reply] = await answersTo(question, { status: 204, delayMs: 1500 });
    expect(reply.attrs).toMatchObject({ type: "error", id: question.attrs.id });
    expect(errorOf(reply)).toMatchObject({ type: "wait", condition: "remote-server-timeout" });
  });

  it("an answer with <error/> to a message without type: an error with the original id", async () => {
    const question = chat([], {});
    const body = `<message><error type='cancel'><item-not-found xmlns='${STANZAS}'/></error></message>`;
    const [reply] = await answersTo(question, { status: 200, headers: { "Content-Type": "application/xmpp+xml" }, body });
    expect(reply.attrs).toMatchObject({ type: "error", id: question.attrs.id });
    expect(errorOf(reply).condition).toBe("item-not-found");
  });

  it("a message of type error reaches the webhook, and its answer is ignored", async () => {
    const question = xml("message", { to: BOT, type: "error", id: nextId("err") }, xml("error", { type: "cancel" }, xml("gone", { xmlns: STANZAS })));
    expect(await answersTo(question, { status: 200, headers: JSON_TYPE, body: '{"type":"chat","body":"must not be sent"}' })).toEqual([]);
    expect(receiver.requests.some((r) => r.body.includes(question.attrs.id))).toBe(true);
  });
});

describe("presence: the same table", () => {
  const presence = (attrs: Record<string, string> = {}) => xml("presence", { to: BOT, id: nextId("p"), ...attrs }, xml("status", {}, "here"));

  it("2xx with a presence: that presence, addressed back", async () => {
    const [reply] = await answersTo(presence(), { status: 200, headers: JSON_TYPE, body: '{"kind":"presence","show":"dnd","status":"busy bot"}' });
    expect(reply.name).toBe("presence");
    expect(reply.attrs).toMatchObject({ from: BOT, to: ALICE });
    expect(reply.getChildText("show")).toBe("dnd");
    expect(reply.getChildText("status")).toBe("busy bot");
  });

  it("204: nothing is sent back", async () => {
    expect(await answersTo(presence(), { status: 204 })).toEqual([]);
  });

  it("2xx with an empty body: an empty presence of the same type", async () => {
    const [reply] = await answersTo(presence(), { status: 200 });
    expect(reply.name).toBe("presence");
    expect(reply.attrs.type).toBeUndefined();
    expect(reply.children).toEqual([]);
  });

  it("4xx: a presence error with the original id", async () => {
    const question = presence();
    const [reply] = await answersTo(question, { status: 405 });
    expect(reply.attrs).toMatchObject({ type: "error", id: question.attrs.id });
    expect(errorOf(reply)).toEqual({ type: "cancel", condition: "not-allowed", text: "405 Method Not Allowed" });
  });
});

describe("iq: answered at once, with the original id", () => {
  it.each([202, 204])("%i: an empty result", async (status) => {
    const iq = versionQuery();
    const reply = await iqAnswer({ status }, iq);
    expect(reply.attrs).toMatchObject({ type: "result", id: iq.attrs.id, from: BOT, to: ALICE });
    expect(reply.children).toEqual([]);
  });

  it("2xx with an iq: its payload as a result, whatever its id and type", async () => {
    const body = "<iq type='set' id='other'><query xmlns='jabber:iq:version'><name>hook</name><version>1.0</version></query></iq>";
    const iq = versionQuery();
    const reply = await iqAnswer({ status: 200, headers: { "Content-Type": "application/xmpp+xml" }, body }, iq);
    expect(reply.attrs).toMatchObject({ type: "result", id: iq.attrs.id });
    expect(reply.getChild("query", "jabber:iq:version")?.getChildText("name")).toBe("hook");
  });

  it("2xx with an iq error: that error", async () => {
    const body = JSON.stringify({ kind: "iq", type: "error", error: { type: "cancel", condition: "item-not-found", text: "no such thing" } });
    const reply = await iqAnswer({ status: 200, headers: JSON_TYPE, body });
    expect(reply.attrs.type).toBe("error");
    expect(errorOf(reply)).toEqual({ type: "cancel", condition: "item-not-found", text: "no such thing" });
  });

  it.each<[string, Answer]>([
    ["an empty body", { status: 200 }],
    ["a message (another kind)", { status: 200, headers: JSON_TYPE, body: '{"body":"not an iq"}' }],
  ])("2xx with %s: an empty result", async (_, reply) => {
    const answerIq = await iqAnswer(reply);
    expect(answerIq.attrs.type).toBe("result");
    expect(answerIq.children).toEqual([]);
  });

  it.each<[number, Answer, ReturnType<typeof errorOf>]>([
    [404, { status: 404 }, { type: "cancel", condition: "item-not-found", text: "404 Not Found" }],
    [422, { status: 422, headers: JSON_TYPE, body: '{"kind":"iq","type":"result"}' }, { type: "modify", condition: "bad-request", text: "422 Unprocessable Entity" }],
    [500, { status: 500, headers: { "Content-Type": "text/plain" }, body: "boom" }, { type: "wait", condition: "internal-server-error", text: "boom" }],
    [503, { status: 503 }, { type: "cancel", condition: "service-unavailable", text: "503 Service Unavailable" }],
  ])("%i: an error at once (no retry for IQs)", async (_, reply, expected) => {
    const iq = versionQuery();
    const answerIq = await iqAnswer(reply, iq);
    expect(answerIq.attrs).toMatchObject({ type: "error", id: iq.attrs.id });
    expect(errorOf(answerIq)).toEqual(expected);
  });

  it("connection closed without a response: recipient-unavailable", async () => {
    expect(errorOf(await iqAnswer({ hangUp: true }))).toEqual({ type: "wait", condition: "recipient-unavailable", text: undefined });
  });

  it("no answer within the timeout: remote-server-timeout", async () => {
    const started = Date.now();
    const reply = await iqAnswer({ status: 204, delayMs: 1500 });
    expect(errorOf(reply)).toMatchObject({ type: "wait", condition: "remote-server-timeout" });
    expect(Date.now() - started).toBeLessThan(1500);
  });
});

describe("a stanza the outbox cannot store", () => {
  it("is answered with a wait error at once and never reaches the webhook", async () => {
    const add = jest.spyOn(OutboxRepo.prototype, "add").mockImplementationOnce(() => {
      throw new Error("disk I/O error");
    });
    try {
      const message = chat();
      await alice.send(message);
      const reply = await alice.waitFor((s) => s.attrs.id === message.attrs.id && s.attrs.type === "error");
      expect(reply.attrs.from).toBe(BOT);
      expect(errorOf(reply)).toMatchObject({ type: "wait", condition: "internal-server-error" });
      // The next stanza of the same sender goes through: the failure held nothing up.
      expect(await answersTo(chat(), { status: 204 })).toEqual([]);
      expect(receiver.requests.some((r) => r.body.includes(message.attrs.id))).toBe(false);
    } finally {
      add.mockRestore();
    }
  });
});

describe("iq: a bounded number in flight", () => {
  const slowQuery = () => xml("iq", { to: "rest.localhost", type: "get", id: nextId("slow") }, xml("query", { xmlns: "urn:example:slow" }));

  it("past iq_concurrency, an IQ is refused at once with resource-constraint; later ones are posted again", async () => {
    answer = () => ({ status: 204, delayMs: 1500 });
    const iqs = [slowQuery(), slowQuery(), slowQuery()];
    const sentAt = Date.now();
    for (const iq of iqs) await alice.send(iq);
    const refused = await alice.waitFor((s) => s.attrs.id === iqs[2].attrs.id);
    expect(Date.now() - sentAt).toBeLessThan(1000);
    expect(refused.attrs.type).toBe("error");
    expect(errorOf(refused)).toMatchObject({ type: "wait", condition: "resource-constraint" });
    for (const iq of iqs.slice(0, 2)) expect((await alice.waitFor((s) => s.attrs.id === iq.attrs.id)).attrs.type).toBe("result");
    expect(receiver.to("/limited/").filter((r) => iqs.some((iq) => r.body.includes(iq.attrs.id)))).toHaveLength(2);

    answer = () => ({ status: 204 });
    const after = slowQuery();
    await alice.send(after);
    expect((await alice.waitFor((s) => s.attrs.id === after.attrs.id)).attrs.type).toBe("result");
  });
});

describe("iq results and errors nobody asked for", () => {
  it("reach the webhook, whose answer is ignored", async () => {
    const id = nextId("unsolicited");
    const mark = alice.received.length;
    await alice.send(xml("iq", { to: BOT, type: "result", id }, xml("query", { xmlns: "jabber:iq:version" }, xml("name", {}, "alice's client"))));
    const request = await receiver.waitFor((r) => r.method === "POST" && r.body.includes(id));
    expect(request.path).toMatch(/^\/xml\/iq\/result\/bot(%40|@)rest.localhost\//);
    // Nothing comes back: the next sentinel's reply is the first thing alice gets from the bot.
    expect(await answersTo(chat(), { status: 204 })).toEqual([]);
    expect(alice.received.slice(mark).filter((s) => s.name === "iq" && fromBot(s))).toEqual([]);
  });
});

describe("receipts (XEP-0184)", () => {
  const receiptRequest = () => xml("request", { xmlns: "urn:xmpp:receipts" });

  it("come once the webhook accepted the message, before its reply", async () => {
    const question = chat([receiptRequest()]);
    const replies = await answersTo(question, { status: 200, headers: JSON_TYPE, body: '{"type":"chat","body":"got it"}' });
    expect(replies).toHaveLength(2);
    expect(replies[0].getChild("received", "urn:xmpp:receipts")?.attrs.id).toBe(question.attrs.id);
    expect(replies[1].getChildText("body")).toBe("got it");
  });

  it("do not come when the webhook refused the message", async () => {
    const replies = await answersTo(chat([receiptRequest()]), { status: 400 });
    expect(replies.map((r) => r.attrs.type)).toEqual(["error"]);
  });
});

describe("callback requests", () => {
  it("fill the URL template, URL-encoded; {type} is empty for a stanza without type", async () => {
    const typed = chat();
    const typeless = chat([], {});
    await answersTo(typed, { status: 204 });
    await answersTo(typeless, { status: 204 });
    const pathOf = (id: string) => receiver.requests.find((r) => r.body.includes(id))!.path;
    expect(pathOf(typed.attrs.id)).toBe("/xml/message/chat/bot%40rest.localhost/alice%40localhost%2Ftest");
    expect(pathOf(typeless.attrs.id)).toBe("/xml/message//bot%40rest.localhost/alice%40localhost%2Ftest");
  });

  it("carry the stanza as it arrived, with Content-Language, Accept and a User-Agent", async () => {
    const question = chat();
    await answersTo(question, { status: 204 });
    const request = receiver.requests.find((r) => r.body.includes(question.attrs.id))!;
    expect(request.headers).toMatchObject({
      "content-type": "application/xmpp+xml",
      "content-language": "en",
      accept: "application/xmpp+xml, application/json, application/x-www-form-urlencoded, text/plain",
      "user-agent": expect.stringMatching(/^xmpp-rest-component\//),
    });
    const stanza = parseStanzaXml(request.body);
    expect(stanza.attrs).toMatchObject({ from: ALICE, to: BOT, id: question.attrs.id, type: "chat", "xml:lang": "en" });
    expect(stanza.getChildText("body")).toBe("hello webhook");
  });

  it("follow the OPTIONS probe made at start: its Accept picked JSON for one webhook", () => {
    const probes = receiver.requests.filter((r) => r.method === "OPTIONS");
    expect(probes.map((r) => r.path).sort()).toEqual(["/json/meta/info/rest.localhost/rest.localhost", "/limited/meta", "/xml/meta/info/rest.localhost/rest.localhost"]);
    expect(probes[0].headers["user-agent"]).toMatch(/^xmpp-rest-component\//);
    expect(new Set(receiver.to("/xml/").map((r) => r.headers["content-type"]))).toEqual(new Set(["application/xmpp+xml"]));
  });
});

describe("routing by address (events)", () => {
  it("sends full-JID stanzas to the webhook of full JIDs, in the JSON its probe asked for", async () => {
    const iq = versionQuery(`${BOT}/desk`);
    const reply = await iqAnswer({ status: 204 }, iq);
    expect(reply.attrs.type).toBe("result");
    const request = receiver.to("/json/").find((r) => r.body.includes(iq.attrs.id))!;
    expect(request.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(request.body)).toEqual({ kind: "iq", type: "get", id: iq.attrs.id, from: ALICE, to: `${BOT}/desk`, lang: "en", version: true });
  });

  it("answers a message no webhook takes (here: the host JID) with service-unavailable", async () => {
    const before = receiver.requests.length;
    const message = xml("message", { to: "rest.localhost", type: "chat", id: nextId("host") }, xml("body", {}, "anyone?"));
    await alice.send(message);
    const reply = await alice.waitFor((s) => s.attrs.id === message.attrs.id && s.attrs.type === "error");
    expect(errorOf(reply)).toMatchObject({ type: "cancel", condition: "service-unavailable" });
    expect(receiver.requests.slice(before).some((r) => r.body.includes(message.attrs.id))).toBe(false);
  });
});

describe("signatures (Standard Webhooks)", () => {
  it("sign every callback: the standardwebhooks library verifies each with its webhook's secret", () => {
    const posts = receiver.requests.filter((r) => r.method === "POST" && !r.path.startsWith("/limited/"));
    expect(posts.length).toBeGreaterThan(40);
    for (const post of posts) {
      const secret = post.path.startsWith("/json/") ? SECRETS.json : SECRETS.xml;
      expect(() => new Webhook(secret).verify(post.body, post.headers as Record<string, string>, { jsonParse: false })).not.toThrow();
    }
  });

  it("are left out for a webhook without a secret", () => {
    const unsigned = receiver.to("/limited/");
    expect(unsigned.length).toBeGreaterThan(0);
    for (const post of unsigned) expect(post.headers["webhook-signature"]).toBeUndefined();
  });

  it("do not verify with another secret or a changed body", () => {
    const post = receiver.to("/xml/")[0];
    const headers = post.headers as Record<string, string>;
    expect(() => new Webhook(SECRETS.json).verify(post.body, headers, { jsonParse: false })).toThrow(WebhookVerificationError);
    expect(() => new Webhook(SECRETS.xml).verify(post.body.replace("hello", "jello"), headers, { jsonParse: false })).toThrow(WebhookVerificationError);
  });
});
