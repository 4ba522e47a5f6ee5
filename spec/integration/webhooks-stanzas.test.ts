/**
 * What a webhook receives against a real Prosody: each family of fields, sent by alice's
 * real client, arrives as mod_rest's JSON (full-JID webhook) and as the stanza's XML
 * (bare-JID webhook). And a bot on the component's domain joins a room through /rest and
 * gets the room's traffic on its webhook.
 */
import xml from "@xmpp/xml";
import { parseStanzaXml } from "../../component/xml/parse";
import { ApiKeysRepo } from "../../storage/api-keys";
import { connectClient, TestClient } from "../support/client";
import { startStack, Stack, waitFor } from "../support/stack";
import { Answer, ReceivedRequest, startReceiver, webhookSecret, WebhookReceiver } from "../support/webhook-receiver";

type Element = xml.Element;

const BOT = "bot@rest.localhost";
const ALICE = "alice@localhost/test";
const JSON_TYPE = { "Content-Type": "application/json" };

let receiver: WebhookReceiver;
let stack: Stack;
let alice: TestClient;
let respond: (req: ReceivedRequest) => Answer = () => ({ status: 204 });

beforeAll(async () => {
  receiver = await startReceiver((req) => respond(req));
  stack = await startStack({
    toml: `
[[webhook]]
name = "xml"
url = "${receiver.url}/xml/{kind}"
events = ["bare"]
dead_after = "0s"
[[webhook]]
name = "json"
url = "${receiver.url}/json/{kind}"
content_type = "json"
events = ["full"]
secret = "${webhookSecret()}"
dead_after = "0s"
`,
  });
  alice = await connectClient(stack.server, "alice");
});

afterAll(async () => {
  await alice?.stop();
  await stack?.stop();
  await receiver?.stop();
});

/** An element tree with attributes in a fixed order, to compare XML regardless of serialisation. */
function tree(el: Element): unknown {
  const attrs = Object.fromEntries(Object.entries(el.attrs).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b)));
  return { name: el.name, attrs, children: el.children.map((c) => (typeof c === "string" ? c : tree(c))) };
}

/**
 * Sends `build(to)` to the bot's bare JID (XML webhook) and to a full JID (JSON webhook),
 * and returns what each webhook received.
 */
async function receivedBoth(build: (to: string, id: string) => Element): Promise<{ sent: Element; xmlBody: Element; json: Record<string, unknown> }> {
  const suffix = Math.random().toString(36).slice(2, 8);
  const sent = build(BOT, `x-${suffix}`);
  const full = build(`${BOT}/fields`, `j-${suffix}`);
  await alice.send(sent);
  await alice.send(full);
  const xmlRequest = await receiver.waitFor((r) => r.path.startsWith("/xml/") && r.body.includes(`x-${suffix}`));
  const jsonRequest = await receiver.waitFor((r) => r.path.startsWith("/json/") && r.body.includes(`j-${suffix}`));
  expect(xmlRequest.headers["content-type"]).toBe("application/xmpp+xml");
  expect(jsonRequest.headers["content-type"]).toBe("application/json");
  return { sent, xmlBody: parseStanzaXml(xmlRequest.body), json: JSON.parse(jsonRequest.body) };
}

/** The XML webhook got the client's stanza, plus what the server stamps on it. */
function expectXml(received: Element, sent: Element): void {
  const stamped = xml(sent.name, { ...sent.attrs, from: ALICE, "xml:lang": "en" }, ...sent.children);
  expect(tree(received)).toEqual(tree(stamped));
}

describe("each family of fields arrives as JSON and XML", () => {
  it.each<[string, (to: string, id: string) => Element, Record<string, unknown>]>([
    [
      "message basics (RFC 6121)",
      (to, id) => xml("message", { to, id, type: "chat" }, xml("body", {}, "Hello"), xml("subject", {}, "Topic"), xml("thread", { parent: "p1" }, "t1")),
      { kind: "message", type: "chat", body: "Hello", subject: "Topic", thread: { id: "t1", parent: "p1" } },
    ],
    [
      "message extensions (chat states, corrections, markers, receipts, OOB, EME, replies, fallback, references, attaching)",
      (to, id) =>
        xml(
          "message",
          { to, id, type: "chat" },
          xml("body", {}, "see this"),
          xml("active", { xmlns: "http://jabber.org/protocol/chatstates" }),
          xml("replace", { xmlns: "urn:xmpp:message-correct:0", id: "old1" }),
          xml("markable", { xmlns: "urn:xmpp:chat-markers:0" }),
          xml("request", { xmlns: "urn:xmpp:receipts" }),
          xml("x", { xmlns: "jabber:x:oob" }, xml("url", {}, "https://example.com/a.png"), xml("desc", {}, "A picture")),
          xml("encryption", { xmlns: "urn:xmpp:eme:0", namespace: "urn:xmpp:otr:0" }),
          xml("reply", { xmlns: "urn:xmpp:reply:0", to: "bob@localhost", id: "r9" }),
          xml("fallback", { xmlns: "urn:xmpp:fallback:0" }),
          xml("reference", { xmlns: "urn:xmpp:reference:0", type: "mention", uri: "xmpp:bob@localhost", begin: "0", end: "3" }),
          xml("attach-to", { xmlns: "urn:xmpp:message-attaching:1", id: "m0" }),
        ),
      {
        kind: "message",
        type: "chat",
        body: "see this",
        state: "active",
        replace: "old1",
        markable: true,
        receipt_request: true,
        oob: { url: "https://example.com/a.png", desc: "A picture" },
        oob_url: "https://example.com/a.png",
        encryption: "urn:xmpp:otr:0",
        reply: { to: "bob@localhost", id: "r9" },
        fallback: true,
        reference: { type: "mention", uri: "xmpp:bob@localhost", begin: 0, end: 3 },
        attach_to: "m0",
      },
    ],
    [
      "reactions, displayed markers and receipts",
      (to, id) =>
        xml(
          "message",
          { to, id, type: "chat" },
          xml("reactions", { xmlns: "urn:xmpp:reactions:0", id: "m0" }, xml("reaction", {}, "👍"), xml("reaction", {}, "🎉")),
          xml("displayed", { xmlns: "urn:xmpp:chat-markers:0", id: "m0" }),
          xml("received", { xmlns: "urn:xmpp:receipts", id: "m0" }),
        ),
      { kind: "message", type: "chat", reactions: { id: "m0", reactions: ["👍", "🎉"] }, displayed: "m0", receipt_received: "m0" },
    ],
    [
      "XHTML-IM",
      (to, id) =>
        xml(
          "message",
          { to, id, type: "chat" },
          xml("body", {}, "Hi there"),
          xml("html", { xmlns: "http://jabber.org/protocol/xhtml-im" }, xml("body", { xmlns: "http://www.w3.org/1999/xhtml" }, xml("p", {}, "Hi ", xml("b", {}, "there")))),
        ),
      { kind: "message", type: "chat", body: "Hi there", html: "<body><p>Hi <b>there</b></p></body>" },
    ],
    [
      "room invitations (XEP-0249 and XEP-0045)",
      (to, id) =>
        xml(
          "message",
          { to, id },
          xml("x", { xmlns: "jabber:x:conference", jid: "lab@conference.localhost", reason: "join us", password: "pw" }),
          xml("x", { xmlns: "http://jabber.org/protocol/muc#user" }, xml("invite", { to: "bob@localhost" }, xml("reason", {}, "come"))),
        ),
      { kind: "message", invite: { jid: "lab@conference.localhost", reason: "join us", password: "pw" }, muc_invite: { to: "bob@localhost", reason: "come" } },
    ],
    [
      "delayed delivery and data forms",
      (to, id) =>
        xml(
          "message",
          { to, id, type: "normal" },
          xml("delay", { xmlns: "urn:xmpp:delay", stamp: "2024-01-01T00:00:00Z", from: "localhost" }),
          xml(
            "x",
            { xmlns: "jabber:x:data", type: "form" },
            xml("title", {}, "Poll"),
            xml("field", { var: "colour", type: "list-single", label: "Colour" }, xml("value", {}, "red"), xml("option", { label: "Red" }, xml("value", {}, "red"))),
          ),
        ),
      {
        kind: "message",
        type: "normal",
        delay: "2024-01-01T00:00:00Z",
        dataform: { type: "form", title: "Poll", fields: [{ var: "colour", type: "list-single", label: "Colour", value: "red", options: [{ label: "Red", value: "red" }] }] },
      },
    ],
    [
      "JSON payloads (XEP-0432)",
      (to, id) => xml("message", { to, id, type: "chat" }, xml("payload", { xmlns: "urn:xmpp:json-msg:0", datatype: "urn:example:event" }, '{"temperature":21.5}')),
      { kind: "message", type: "chat", payload: { datatype: "urn:example:event", data: { temperature: 21.5 } } },
    ],
    [
      "presence (RFC 6121, idle, caps, avatar, nick)",
      (to, id) =>
        xml(
          "presence",
          { to, id },
          xml("show", {}, "away"),
          xml("status", {}, "brb"),
          xml("priority", {}, "5"),
          xml("idle", { xmlns: "urn:xmpp:idle:1", since: "2024-01-01T00:00:00Z" }),
          xml("c", { xmlns: "http://jabber.org/protocol/caps", hash: "sha-1", node: "https://example.com", ver: "abc=" }),
          xml("x", { xmlns: "vcard-temp:x:update" }, xml("photo", {}, "0123")),
          xml("nick", { xmlns: "http://jabber.org/protocol/nick" }, "Alice"),
        ),
      {
        kind: "presence",
        type: "available",
        show: "away",
        status: "brb",
        priority: 5,
        idle_since: "2024-01-01T00:00:00Z",
        caps: { hash: "sha-1", node: "https://example.com", ver: "abc=" },
        vcard_update: { photo: "0123" },
        nick: "Alice",
      },
    ],
    [
      "IQ queries (ping)",
      (to, id) => xml("iq", { to, id, type: "get" }, xml("ping", { xmlns: "urn:xmpp:ping" })),
      { kind: "iq", type: "get", ping: true },
    ],
    [
      "IQ queries (disco#info with a node)",
      (to, id) => xml("iq", { to, id, type: "get" }, xml("query", { xmlns: "http://jabber.org/protocol/disco#info", node: "n1" })),
      { kind: "iq", type: "get", disco: "n1" },
    ],
    [
      "ad-hoc commands",
      (to, id) => xml("iq", { to, id, type: "set" }, xml("command", { xmlns: "http://jabber.org/protocol/commands", node: "status", action: "execute" })),
      { kind: "iq", type: "set", command: { node: "status", action: "execute" } },
    ],
    [
      "archive queries (MAM with RSM)",
      (to, id) =>
        xml("iq", { to, id, type: "set" }, xml("query", { xmlns: "urn:xmpp:mam:2", queryid: "f1" }, xml("set", { xmlns: "http://jabber.org/protocol/rsm" }, xml("max", {}, "10")))),
      { kind: "iq", type: "set", archive: { queryid: "f1", page: { max: 10 } } },
    ],
  ])("%s", async (_, build, expected) => {
    const { sent, xmlBody, json } = await receivedBoth(build);
    expectXml(xmlBody, sent);
    expect(json).toEqual({ ...expected, id: expect.stringMatching(/^j-/), from: ALICE, to: `${BOT}/fields`, lang: "en" });
  });
});

describe("a bot in a room", () => {
  const ROOM = "lab@conference.localhost";
  let botKey: string;

  beforeAll(async () => {
    botKey = new ApiKeysRepo(stack.gateway.db).create(BOT, "room bot").key;
    // alice creates the room and makes it an instant room, so that others may enter.
    await alice.send(xml("presence", { to: `${ROOM}/alice` }, xml("x", { xmlns: "http://jabber.org/protocol/muc" })));
    await alice.waitFor((s) => s.name === "presence" && s.attrs.from === `${ROOM}/alice`);
    await alice.send(
      xml("iq", { to: ROOM, type: "set", id: "instant" }, xml("query", { xmlns: "http://jabber.org/protocol/muc#owner" }, xml("x", { xmlns: "jabber:x:data", type: "submit" }))),
    );
    await alice.waitFor((s) => s.attrs.id === "instant" && s.attrs.type === "result");
  });

  function postAsBot(body: unknown): Promise<Response> {
    return fetch(`${stack.url}/rest`, {
      method: "POST",
      headers: { Authorization: `Bearer ${botKey}`, ...JSON_TYPE },
      body: JSON.stringify(body),
    });
  }

  it("joins by POSTing a presence, and gets the room's presences and subject on its webhook", async () => {
    const res = await postAsBot({ kind: "presence", from: `${BOT}/hook`, to: `${ROOM}/bot`, join: true });
    expect(res.status).toBe(202);
    await alice.waitFor((s) => s.name === "presence" && s.attrs.from === `${ROOM}/bot`);
    const selfPresence = await receiver.waitFor((r) => r.path === "/json/presence" && JSON.parse(r.body).from === `${ROOM}/bot`);
    expect(JSON.parse(selfPresence.body)).toMatchObject({ kind: "presence", to: `${BOT}/hook`, type: "available" });
    await receiver.waitFor((r) => r.path === "/json/presence" && JSON.parse(r.body).from === `${ROOM}/alice`);
    const subject = await receiver.waitFor((r) => r.path === "/json/message" && JSON.parse(r.body).from === ROOM);
    expect(JSON.parse(subject.body)).toMatchObject({ kind: "message", type: "groupchat", to: `${BOT}/hook`, subject: "" });
  });

  it("gets the room's messages, and its webhook's answers go to the room", async () => {
    respond = (req) => {
      const stanza = JSON.parse(req.body);
      if (stanza.type !== "groupchat" || !stanza.body || stanza.from === `${ROOM}/bot`) return { status: 204 };
      return { status: 200, headers: JSON_TYPE, body: JSON.stringify({ type: "groupchat", body: `echo: ${stanza.body}` }) };
    };
    await alice.send(xml("message", { to: ROOM, type: "groupchat", id: "g1" }, xml("body", {}, "hello bot")));
    const request = await receiver.waitFor((r) => r.path === "/json/message" && r.body.includes("hello bot"));
    expect(JSON.parse(request.body)).toMatchObject({ kind: "message", type: "groupchat", from: `${ROOM}/alice`, to: `${BOT}/hook`, body: "hello bot" });
    const echo = await alice.waitFor((s) => s.getChildText("body") === "echo: hello bot");
    expect(echo.attrs).toMatchObject({ from: `${ROOM}/bot`, type: "groupchat" });
  });

  it("stays in the room when its webhook fails: no error is sent into the room (MUC would kick the bot)", async () => {
    respond = (req) => (req.body.includes("fail please") ? { status: 500 } : { status: 204 });
    await alice.send(xml("message", { to: ROOM, type: "groupchat", id: "g2" }, xml("body", {}, "fail please")));
    await receiver.waitFor((r) => r.body.includes("fail please"));
    // The delivery gave up at once (dead_after = 0s): a dead letter, and still an occupant.
    await waitFor(() => (stack.gateway.db.prepare("SELECT COUNT(*) AS n FROM webhook_dead_letters").get() as { n: number }).n === 1, 5000, "the dead letter");
    respond = (req) => (req.body.includes("still there?") ? { status: 200, headers: JSON_TYPE, body: '{"type":"groupchat","body":"yes"}' } : { status: 204 });
    await alice.send(xml("message", { to: ROOM, type: "groupchat", id: "g3" }, xml("body", {}, "still there?")));
    await alice.waitFor((s) => s.getChildText("body") === "yes" && s.attrs.from === `${ROOM}/bot`);
    expect(alice.received.some((s) => s.name === "presence" && s.attrs.from === `${ROOM}/bot` && s.attrs.type === "unavailable")).toBe(false);
  });
});
