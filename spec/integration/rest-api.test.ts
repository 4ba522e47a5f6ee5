/**
 * The mod_rest-compatible stanza API against a real Prosody: every row of the status-code
 * table (mod_rest-behaviour.md Part 1 §1, with Part 2's corrections), the order of the
 * checks, error bodies, content negotiation, and the four body types.
 */
import xml from "@xmpp/xml";
import { call, Call } from "../support/http";
import { connectClient, TestClient } from "../support/client";
import { startStack, Stack } from "../support/stack";
import { main } from "../../main";

let stack: Stack;
let alice: TestClient;
let bob: TestClient;
let botKey: string;

beforeAll(async () => {
  stack = await startStack();
  alice = await connectClient(stack.server, "alice", "phone");
  bob = await connectClient(stack.server, "bob");
  // bob's client never answers version queries: an IQ to it times out.
  bob.xmpp.iqCallee.get("jabber:iq:version", "query", () => new Promise(() => {}));
  const out: string[] = [];
  const log = jest.spyOn(console, "log").mockImplementation((line: string) => void out.push(line));
  await main(["apikey", "create", "bot@rest.localhost", "--config", stack.configPath]);
  log.mockRestore();
  botKey = out[0];
});

afterAll(async () => {
  await alice?.stop();
  await bob?.stop();
  await stack?.stop();
});

const rest = (path: string, c: Call = {}) => call(stack.url + path, { auth: stack.basic("alice"), ...c });
const postJson = (body: unknown, c: Call = {}) => rest("/rest", { type: "application/json", body: JSON.stringify(body), ...c });

describe("status codes", () => {
  it("202 with no content type and an empty body for an accepted message", async () => {
    const r = await postJson({ type: "chat", to: "bob@localhost", body: "202 please", id: "s-202" });
    expect(r.status).toBe(202);
    expect(r.headers.get("content-type")).toBeNull();
    expect(r.text).toBe("");
    await bob.waitFor((s) => s.attrs.id === "s-202");
  });

  it.each([
    ["a nonexistent local user", { type: "chat", to: "nobody@localhost" }, "nobody@localhost"],
    ["the server domain", { type: "chat", to: "localhost" }, "localhost"],
    ["a groupchat message to a user", { type: "groupchat", to: "bob@localhost" }, "bob@localhost"],
  ])("200 with the error stanza for a message Prosody bounces at once: %s", async (_name, message, from) => {
    const r = await postJson({ ...message, body: "bounce", id: "b-1" }, { accept: "application/json" });
    expect(r.status).toBe(200);
    expect(r.json()).toEqual({ kind: "message", type: "error", id: "b-1", from, to: "alice@localhost", error: { type: "cancel", condition: "service-unavailable" } });
  });

  it("202 for a message to a remote domain (federation is off; nothing comes back)", async () => {
    expect((await postJson({ type: "chat", to: "someone@example.org", body: "far" })).status).toBe(202);
  });

  it("501 for what needs a client session: presence and group chat as a user", async () => {
    for (const body of [{ kind: "presence", show: "away" }, { type: "groupchat", to: "room@conference.localhost", body: "hi" }]) {
      const r = await postJson(body, { accept: "application/json" });
      expect(r.status).toBe(501);
      expect(r.json().error).toMatchObject({ condition: "feature-not-implemented", text: expect.stringContaining("client session") });
    }
  });

  it("200 with the reply for an iq, including an error reply", async () => {
    const ok = await postJson({ kind: "iq", to: "localhost", ping: true, id: "p-1" }, { accept: "application/json" });
    expect(ok.status).toBe(200);
    expect(ok.json()).toEqual({ kind: "iq", type: "result", id: "p-1", from: "localhost", to: "alice@localhost" });
    const err = await postJson({ kind: "iq", to: "nosuchroom@conference.localhost", disco: true }, { accept: "application/json" });
    expect(err.status).toBe(200);
    expect(err.json()).toMatchObject({ type: "error", from: "nosuchroom@conference.localhost", error: { condition: "item-not-found" } });
  });

  it("asks the server's own domain for ping, version and uptime as the component, with the same answer; anything else as the user", async () => {
    const component = stack.gateway.component;
    const wire: xml.Element[] = [];
    const request = component.iqs.request.bind(component.iqs);
    const spy = jest.spyOn(component.iqs, "request").mockImplementation((iq, timeoutMs) => (wire.push(iq), request(iq, timeoutMs)));
    try {
      for (const query of [{ ping: true }, { version: true }, { lastactivity: {} }]) {
        const r = await postJson({ kind: "iq", to: "localhost", id: "alike", ...query }, { accept: "application/json" });
        expect(r.json()).toMatchObject({ kind: "iq", type: "result", id: "alike", from: "localhost", to: "alice@localhost" });
      }
      const version = await rest("/rest/version/localhost", { method: "GET", accept: "application/json" });
      expect([version.status, version.json()]).toMatchObject([200, { version: { name: "Prosody" } }]);
      await postJson({ kind: "iq", to: "localhost", disco: true }, { accept: "application/json" });
    } finally {
      spy.mockRestore();
    }
    const privileged = wire.map((iq) => iq.getChild("privileged_iq") !== undefined);
    expect(privileged).toEqual([false, false, false, false, true]);
  });

  it("500 remote-server-timeout when an iq gets no reply within Prosody-Rest-Timeout", async () => {
    const started = Date.now();
    const r = await postJson({ kind: "iq", to: "bob@localhost/test", version: true }, { accept: "application/json", headers: { "Prosody-Rest-Timeout": "1" } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(r.status).toBe(500);
    expect(r.json().error).toMatchObject({ type: "wait", condition: "remote-server-timeout", text: "IQ stanza timed out" });
  });

  it("/rest/echo answers the stanza that would be sent and sends nothing", async () => {
    const r = await rest("/rest/echo", { type: "application/json", accept: "application/json", body: JSON.stringify({ type: "chat", to: "bob@localhost", body: "echo only" }) });
    expect(r.status).toBe(200);
    expect(r.json()).toMatchObject({ kind: "message", type: "chat", to: "bob@localhost", from: "alice@localhost", body: "echo only", id: expect.stringMatching(/^\w{24}$/) });
    await postJson({ type: "chat", to: "bob@localhost", body: "after echo" });
    await bob.waitFor((s) => s.getChildText("body") === "after echo");
    expect(bob.received.some((s) => s.getChildText("body") === "echo only")).toBe(false);
  });

  it("401 with both challenges without credentials; 403 for credentials not accepted", async () => {
    const none = await postJson({ body: "x" }, { auth: null, accept: "application/json" });
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer realm="[^"]+\/rest", Basic realm="[^"]+\/rest"$/);
    expect(none.json().error).toMatchObject({ type: "auth", condition: "not-authorized", text: "No credentials provided" });
    for (const auth of [stack.basic("alice", "wrong"), "Bearer garbage", "Digest abc"]) {
      const bad = await postJson({ body: "x" }, { auth, accept: "application/json" });
      expect(bad.status).toBe(403);
      expect(bad.headers.get("www-authenticate")).toBeNull();
      expect(bad.json().error).toMatchObject({ condition: "not-authorized", text: "Credentials not accepted" });
    }
  });

  it("413 for a body over the limit, checked after auth", async () => {
    const big = JSON.stringify({ type: "chat", to: "bob@localhost", body: "x".repeat(200_000) });
    const r = await rest("/rest", { type: "application/json", body: big, accept: "application/json" });
    expect(r.status).toBe(413);
    expect(r.json().error).toMatchObject({ type: "modify", condition: "resource-constraint", text: "Payload too large" });
    expect((await rest("/rest", { auth: null, type: "application/json", body: big })).status).toBe(401);
  });

  it.each([
    ["no content type", null],
    ["an unknown content type", "application/cbor"],
    ["a differently-cased type", "Application/JSON"],
  ])("415 for %s", async (_name, type) => {
    // A Buffer, so that fetch adds no content type of its own.
    const r = await rest("/rest", { type, body: Buffer.from('{"body":"x"}'), accept: "application/json" });
    expect(r.status).toBe(415);
    expect(r.json().error).toMatchObject({ condition: "bad-format", text: "Unsupported media type", context: { error: "unknown-payload-type" } });
  });

  it.each([
    ["broken JSON", "application/json", '{"body": '],
    ["an empty body", "application/json", ""],
    ["a JSON array", "application/json", "[1,2]"],
    ["an empty object", "application/json", "{}"],
    ["an unknown kind", "application/json", '{"kind":"mail","body":"x"}'],
    ["broken XML", "application/xmpp+xml", "<message><body>x</message>"],
    ["XML with a DOCTYPE", "application/xmpp+xml", '<!DOCTYPE x [<!ENTITY a "b">]><message/>'],
  ])("400 not-well-formed for %s", async (_name, type, body) => {
    const r = await rest("/rest", { type, body, accept: "application/json" });
    expect(r.status).toBe(400);
    expect(r.json().error).toMatchObject({ type: "modify", condition: "not-well-formed", text: "Failed to parse payload" });
  });

  it("says where XML is broken", async () => {
    const r = await rest("/rest", { type: "application/xmpp+xml", body: "<message to='bob@localhost'>\n  <body>x</bodyy>\n</message>", accept: "application/json" });
    expect(r.status).toBe(400);
    expect(r.json().error.context).toMatchObject({ error: "invalid-xml", line: 2, column: expect.any(Number) });
  });

  it.each([
    ["a foreign root namespace", "<message xmlns='jabber:server' to='bob@localhost'/>", "invalid-namespace"],
    ["a stream header", "<stream:stream xmlns:stream='http://etherx.jabber.org/streams'/>", "invalid-namespace"],
    ["a root that is no stanza", "<body>hello</body>", "unsupported-stanza-type"],
    ["an invalid to", "<message to='a@b@c'/>", "improper-addressing"],
    ["an invalid from", "<message to='bob@localhost' from='@localhost'/>", "invalid-from"],
    ["an iq of type result", "<iq type='result' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>", "invalid-xml"],
    ["an iq without type", "<iq to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>", "invalid-xml"],
    ["an iq without child", "<iq type='get' to='localhost'/>", "bad-format"],
    ["an iq with two children", "<iq type='get' to='localhost'><ping xmlns='urn:xmpp:ping'/><query xmlns='jabber:iq:version'/></iq>", "bad-format"],
  ])("422 for %s", async (_name, body, condition) => {
    const r = await rest("/rest", { type: "application/xmpp+xml", body, accept: "application/json" });
    expect(r.status).toBe(422);
    expect(r.json().error).toMatchObject({ type: "modify", condition });
  });

  it("422 for an invalid JSON to or from (mod_rest would silently send to yourself)", async () => {
    expect((await postJson({ type: "chat", to: "not a jid", body: "x" }, { accept: "application/json" })).json().error.condition).toBe("improper-addressing");
    expect((await postJson({ type: "chat", to: "bob@localhost", from: "a@b@c", body: "x" }, { accept: "application/json" })).json().error.condition).toBe("invalid-from");
  });

  it("checks in mod_rest's order: auth, size, media type, parse, then the stanza", async () => {
    const big = "x".repeat(200_000);
    expect((await rest("/rest", { auth: null, type: "application/cbor", body: big })).status).toBe(401);
    expect((await rest("/rest", { type: "application/cbor", body: big })).status).toBe(413);
    expect((await rest("/rest", { type: "application/cbor", body: "<x" })).status).toBe(415);
    expect((await rest("/rest", { type: "application/xmpp+xml", body: "<body>" })).status).toBe(400);
    expect((await rest("/rest", { type: "application/xmpp+xml", body: "<iq xmlns='jabber:server' type='result'/>" })).json().error.condition).toBe("invalid-namespace");
    // A foreign 'from' is checked before the iq type: 403, not 422.
    expect((await rest("/rest", { type: "application/xmpp+xml", body: "<iq from='bob@localhost' type='result'/>" })).status).toBe(403);
  });

  it("redirects GET /rest; refuses paths without a target; PUT and DELETE are 404", async () => {
    const redirect = await rest("/rest", { method: "GET" });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get("location")).toBe("/rest/");
    for (const path of ["/rest/", "/rest/version"]) {
      const r = await rest(path, { method: "GET", accept: "application/json" });
      expect(r.status).toBe(400);
      expect(r.json().error.context).toEqual({ error: "invalid-path" });
    }
    expect((await rest("/rest", { method: "PUT", type: "application/json", body: "{}" })).status).toBe(404);
    expect((await rest("/rest/ping/localhost", { method: "DELETE" })).status).toBe(404);
  });

  it("answers HEAD like GET without a body", async () => {
    const r = await rest("/rest/ping/localhost", { method: "HEAD", accept: "application/json" });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/^application\/json/);
    expect(r.text).toBe("");
  });

  it("answers OPTIONS; CORS headers only for configured origins", async () => {
    const r = await rest("/rest", { method: "OPTIONS", auth: null, headers: { Origin: "https://evil.example" } });
    expect(r.status).toBe(200);
    expect(r.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("the JSON Schema of the stanza format", () => {
  it("is served at /rest/schema without credentials, and describes the fields the API maps", async () => {
    const r = await call(stack.url + "/rest/schema", { method: "GET" });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/^application\/schema\+json/);
    const schema = r.json();
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(["kind", "body", "html", "disco", "command", "upload_request", "show"]));
  });
});

describe("error bodies", () => {
  it("are JSON by default and never HTML", async () => {
    const r = await postJson({ body: "x" }, { auth: null });
    expect(r.headers.get("content-type")).toMatch(/^application\/json/);
    expect(r.json()).toMatchObject({ type: "error", code: 401, error: { type: "auth", condition: "not-authorized", code: 401, source: "mod_rest", instance_id: expect.any(String) } });
  });

  it("are XML stream errors when Accept prefers XML", async () => {
    const r = await postJson({ body: "x" }, { auth: null, accept: "application/xmpp+xml" });
    expect(r.headers.get("content-type")).toMatch(/^application\/xmpp\+xml/);
    expect(r.text).toBe(
      "<error xmlns='http://etherx.jabber.org/streams'><not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-streams'/><text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>No credentials provided</text></error>",
    );
  });
});

describe("content negotiation", () => {
  const ping = { kind: "iq", to: "localhost", ping: true, id: "neg" };
  it.each([
    [undefined, "application/json"],
    ["application/xmpp+xml", "application/xmpp+xml"],
    ["application/json;q=0.1, application/xmpp+xml", "application/xmpp+xml"],
    ["application/xmpp+xml;q=0.1, application/json", "application/json"],
    ["application/x-www-form-urlencoded", "application/x-www-form-urlencoded"],
    ["*/*", "application/json"],
  ])("a JSON POST with Accept %s is answered as %s", async (accept, type) => {
    const r = await postJson(ping, { accept });
    expect(r.headers.get("content-type")).toMatch(new RegExp(`^${type.replace(/[+]/g, "\\+")}`));
  });

  it("answers XML by default for GET, and the bare media type without charset", async () => {
    const r = await rest("/rest/ping/localhost", { method: "GET" });
    expect(r.headers.get("content-type")).toBe("application/xmpp+xml");
    expect(r.text).toMatch(/^<iq type="result" from="localhost" to="alice@localhost" id="\w+"\/>$|^<iq [^>]*type="result"[^>]*\/>$/);
  });

  it("gives form answers of the top-level fields", async () => {
    const r = await postJson({ kind: "iq", to: "localhost", version: true, id: "f-1" }, { accept: "application/x-www-form-urlencoded" });
    expect(Object.fromEntries(new URLSearchParams(r.text))).toEqual({ kind: "iq", type: "result", id: "f-1", from: "localhost", to: "alice@localhost" });
  });
});

describe("body types and path parameters", () => {
  it("text/plain: a chat message to yourself", async () => {
    const r = await rest("/rest", { type: "text/plain", body: "note to self" });
    expect(r.status).toBe(202);
    const got = await alice.waitFor((s) => s.getChildText("body") === "note to self");
    expect(got.attrs).toMatchObject({ from: "alice@localhost", type: "chat" });
  });

  it("text/plain on /rest/message/{type}/{to} is the body", async () => {
    expect((await rest("/rest/message/normal/bob@localhost", { type: "text/plain", body: "by path" })).status).toBe(202);
    const got = await bob.waitFor((s) => s.getChildText("body") === "by path");
    expect(got.attrs).toMatchObject({ from: "alice@localhost", type: "normal" });
  });

  it("text/plain on an iq path is a 400", async () => {
    expect((await rest("/rest/iq/get/localhost", { type: "text/plain", body: "x" })).status).toBe(400);
  });

  it("/rest/iq/{query}/{to} is an iq get with that query, no body needed", async () => {
    const r = await rest("/rest/iq/version/localhost", { accept: "application/json" });
    expect(r.json()).toMatchObject({ type: "result", version: { name: "Prosody" } });
  });

  it("a form body is a stanza of its top-level fields; the last repeated key wins", async () => {
    const r = await rest("/rest", { type: "application/x-www-form-urlencoded", body: "type=chat&to=bob%40localhost&body=first&body=form%20body" });
    expect(r.status).toBe(202);
    await bob.waitFor((s) => s.getChildText("body") === "form body");
  });

  it("a form body without '=' is plain text, not URL-decoded", async () => {
    expect((await rest("/rest", { type: "application/x-www-form-urlencoded", body: "hello%20there" })).status).toBe(202);
    await alice.waitFor((s) => s.getChildText("body") === "hello%20there");
  });

  it("XML stanzas keep only from, to, id, type and xml:lang on the root", async () => {
    const r = await rest("/rest", { type: "application/xmpp+xml", body: "<message to='bob@localhost' type='chat' id='x-1' xml:lang='de' foo='bar'><body>Hallo</body></message>" });
    expect(r.status).toBe(202);
    const got = await bob.waitFor((s) => s.attrs.id === "x-1");
    expect(got.attrs.foo).toBeUndefined();
    expect(got.attrs["xml:lang"]).toBe("de");
  });

  it("GET /rest/{query}/{to}?params runs the query with those parameters", async () => {
    const items = await rest("/rest/items/localhost?node=http://jabber.org/protocol/commands", { method: "GET", accept: "application/json" });
    expect(items.json().items).toEqual(expect.arrayContaining([{ jid: "localhost", node: "uptime", name: "Get uptime" }]));
    const uptime = await rest("/rest/command/localhost?node=uptime", { method: "GET", accept: "application/json" });
    expect(uptime.json().command).toMatchObject({ node: "uptime", status: "completed", note: { type: "info", text: expect.stringContaining("This server has been running") } });
    const count = await rest("/rest/archive/alice@localhost?max=0", { method: "GET", accept: "application/json" });
    expect(count.json()).toMatchObject({ type: "result", result: { complete: true, page: { count: expect.any(Number) } } });
  });
});

describe("bots on the component's domain", () => {
  it("send as their own JID, without privileges", async () => {
    const r = await postJson({ type: "chat", to: "bob@localhost", body: "beep", from: "bot@rest.localhost/arm" }, { auth: `Bearer ${botKey}` });
    expect(r.status).toBe(202);
    const got = await bob.waitFor((s) => s.getChildText("body") === "beep");
    expect(got.attrs.from).toBe("bot@rest.localhost/arm");
  });

  it("get the server's bounce as a 200", async () => {
    const r = await postJson({ type: "chat", to: "nobody@localhost", body: "anyone?", id: "bot-b" }, { auth: `Bearer ${botKey}`, accept: "application/json" });
    expect(r.status).toBe(200);
    expect(r.json()).toMatchObject({ kind: "message", type: "error", id: "bot-b", from: "nobody@localhost", to: "bot@rest.localhost", error: { condition: "service-unavailable" } });
  });

  it("may not use another domain's from", async () => {
    expect((await postJson({ type: "chat", to: "bob@localhost", from: "alice@localhost", body: "x" }, { auth: `Bearer ${botKey}` })).status).toBe(403);
  });

  it.each([
    ["a roster request to a user", "<iq type='get' to='alice@localhost'><query xmlns='jabber:iq:roster'/></iq>"],
    [
      "a privileged IQ",
      "<iq type='get' to='alice@localhost'><privileged_iq xmlns='urn:xmpp:privilege:2'><iq xmlns='jabber:client' type='get' id='x'><vCard xmlns='vcard-temp'/></iq></privileged_iq></iq>",
    ],
    [
      "a privilege-wrapped message",
      "<message to='localhost'><privilege xmlns='urn:xmpp:privilege:2'><forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' from='alice@localhost' to='bob@localhost' type='chat'><body>forged</body></message></forwarded></privilege></message>",
    ],
    ["a privilege element hidden deeper", "<message to='bob@localhost'><x xmlns='urn:example'><p:privilege xmlns:p='urn:xmpp:privilege:2'/></x><body>forged</body></message>"],
  ])("may not use the gateway's privileges: %s is refused with 403 and nothing is sent", async (_name, body) => {
    const r = await rest("/rest", { auth: `Bearer ${botKey}`, type: "application/xmpp+xml", body, accept: "application/json" });
    expect(r.status).toBe(403);
    expect(r.json().error).toMatchObject({ type: "auth", condition: "forbidden", text: expect.stringContaining("privilege") });
    await postJson({ type: "chat", to: "bob@localhost", body: "after the forgery attempt" });
    await bob.waitFor((s) => s.getChildText("body") === "after the forgery attempt");
    expect(bob.received.some((s) => s.getChildText("body") === "forged")).toBe(false);
  });

  it("get their own replies when two bots use the same IQ id at once", async () => {
    bob.xmpp.iqCallee.get("jabber:iq:last", "query", () => new Promise((resolve) => setTimeout(() => resolve(xml("query", { xmlns: "jabber:iq:last", seconds: "7" })), 200)));
    const out: string[] = [];
    const log = jest.spyOn(console, "log").mockImplementation((line: string) => void out.push(line));
    await main(["apikey", "create", "other-bot@rest.localhost", "--config", stack.configPath]);
    log.mockRestore();
    const ask = (key: string, from: string) =>
      postJson({ kind: "iq", id: "same", from, to: "bob@localhost/test", lastactivity: {} }, { auth: `Bearer ${key}`, accept: "application/json", headers: { "Prosody-Rest-Timeout": "3" } });
    const [one, two] = await Promise.all([ask(botKey, "bot@rest.localhost"), ask(out[0], "other-bot@rest.localhost")]);
    expect(one.json()).toMatchObject({ type: "result", id: "same", to: "bot@rest.localhost", lastactivity: { seconds: 7 } });
    expect(two.json()).toMatchObject({ type: "result", id: "same", to: "other-bot@rest.localhost", lastactivity: { seconds: 7 } });
  });

  it("can send presence", async () => {
    expect((await postJson({ kind: "presence", to: "bob@localhost", show: "dnd" }, { auth: `Bearer ${botKey}` })).status).toBe(202);
    await bob.waitFor((s) => s.is("presence") && s.attrs.from === "bot@rest.localhost" && s.getChildText("show") === "dnd");
  });
});
