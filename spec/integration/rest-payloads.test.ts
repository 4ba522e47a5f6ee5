/**
 * For each family of fields of the JSON format: JSON posted to /rest as alice → what bob's
 * real XMPP client receives, as XML; and the IQ families against the real server and
 * services (ad-hoc commands with data forms across steps, HTTP upload, registration…).
 */
import xml from "@xmpp/xml";
import { main } from "../../main";
import { connectClient, TestClient } from "../support/client";
import { call } from "../support/http";
import { startStack, Stack } from "../support/stack";
import { canonical, childrenOf } from "../support/xml-compare";

let stack: Stack;
let bob: TestClient;
let seq = 0;

beforeAll(async () => {
  stack = await startStack({ server: { globalConfig: 'admins = { "alice@localhost" }' } });
  bob = await connectClient(stack.server, "bob", "test");
  // bob's client answers the IQs the tests send it (xmpp.js refuses unknown ones).
  bob.xmpp.iqCallee.get("urn:xmpp:ping", "ping", () => true);
  bob.xmpp.iqCallee.get("jabber:iq:version", "query", () => xml("query", { xmlns: "jabber:iq:version" }, xml("name", {}, "bob's client"), xml("version", {}, "1.0")));
});

afterAll(async () => {
  await bob?.stop();
  await stack?.stop();
});

function send(json: Record<string, unknown>, accept = "application/json") {
  return call(stack.url + "/rest", { auth: stack.basic("alice"), type: "application/json", accept, body: JSON.stringify(json) });
}

/** Posts a message as alice to bob and returns bob's copy's children, without what the server adds. */
async function deliver(fields: Record<string, unknown>): Promise<string[]> {
  const id = `fam-${++seq}`;
  const r = await send({ kind: "message", type: "chat", to: "bob@localhost", id, ...fields });
  expect(r.status).toBe(202);
  const got = await bob.waitFor((s) => s.is("message") && s.attrs.id === id);
  expect(got.attrs.from).toBe("alice@localhost");
  return childrenOf(got).filter((c) => !c.startsWith('<stanza-id by="bob@localhost"'));
}

describe("message families: JSON → a real client receives the XML", () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ["body, subject, thread", { body: "b", subject: "s", thread: "t-1" }, ["<body>b</body>", "<subject>s</subject>", "<thread>t-1</thread>"]],
    ["thread with parent", { body: "b", thread: { id: "t-2", parent: "t-1" } }, ["<body>b</body>", '<thread parent="t-1">t-2</thread>']],
    [
      "html (XHTML-IM)",
      { body: "hi", html: "<body><p>hi <em>there</em></p></body>" },
      ["<body>hi</body>", '<html xmlns="http://jabber.org/protocol/xhtml-im"><body xmlns="http://www.w3.org/1999/xhtml"><p>hi <em>there</em></p></body></html>'],
    ],
    ["oob", { body: "pic", oob: { url: "https://media.example/a.jpg", desc: "a picture" } }, ["<body>pic</body>", '<x xmlns="jabber:x:oob"><url>https://media.example/a.jpg</url><desc>a picture</desc></x>']],
    ["oob_url", { body: "pic", oob_url: "https://media.example/b.jpg" }, ["<body>pic</body>", '<x xmlns="jabber:x:oob"><url>https://media.example/b.jpg</url></x>']],
    ["chat state", { state: "composing" }, ['<composing xmlns="http://jabber.org/protocol/chatstates"></composing>']],
    ["correction", { body: "fixed", replace: "m-1" }, ["<body>fixed</body>", '<replace id="m-1" xmlns="urn:xmpp:message-correct:0"></replace>']],
    ["reactions", { reactions: { id: "m-1", reactions: ["👍", "🎉"] } }, ['<reactions id="m-1" xmlns="urn:xmpp:reactions:0"><reaction>👍</reaction><reaction>🎉</reaction></reactions>']],
    [
      "reply with fallback",
      { body: "> q\nanswer", reply: { to: "bob@localhost", id: "m-1" }, fallback: true },
      ["<body>&gt; q\nanswer</body>", '<reply id="m-1" to="bob@localhost" xmlns="urn:xmpp:reply:0"></reply>', '<fallback xmlns="urn:xmpp:fallback:0"></fallback>'],
    ],
    ["markable", { body: "mark me", markable: true }, ["<body>mark me</body>", '<markable xmlns="urn:xmpp:chat-markers:0"></markable>']],
    ["displayed marker", { displayed: "m-1" }, ['<displayed id="m-1" xmlns="urn:xmpp:chat-markers:0"></displayed>']],
    ["receipt request", { body: "ack?", receipt_request: true }, ["<body>ack?</body>", '<request xmlns="urn:xmpp:receipts"></request>']],
    ["receipt", { receipt_received: "m-1" }, ['<received id="m-1" xmlns="urn:xmpp:receipts"></received>']],
    ["nick", { body: "hi", nick: "Ali" }, ["<body>hi</body>", '<nick xmlns="http://jabber.org/protocol/nick">Ali</nick>']],
    [
      "direct MUC invitation",
      { invite: { jid: "room@conference.localhost", reason: "join us" } },
      ['<x jid="room@conference.localhost" reason="join us" xmlns="jabber:x:conference"></x>'],
    ],
    ["encryption", { body: "[encrypted]", encryption: "urn:xmpp:openpgp:0" }, ["<body>[encrypted]</body>", '<encryption namespace="urn:xmpp:openpgp:0" xmlns="urn:xmpp:eme:0"></encryption>']],
    [
      "reference",
      { body: "bob hi", reference: { type: "mention", uri: "xmpp:bob@localhost", begin: 0, end: 3 } },
      ["<body>bob hi</body>", '<reference begin="0" end="3" type="mention" uri="xmpp:bob@localhost" xmlns="urn:xmpp:reference:0"></reference>'],
    ],
    ["attach_to", { body: "+1", attach_to: "m-1" }, ["<body>+1</body>", '<attach-to id="m-1" xmlns="urn:xmpp:message-attaching:1"></attach-to>']],
    ["delay", { body: "old", delay: "2020-01-02T03:04:05Z" }, ["<body>old</body>", '<delay stamp="2020-01-02T03:04:05Z" xmlns="urn:xmpp:delay"></delay>']],
    [
      "payload",
      { body: "data", payload: { datatype: "urn:example:temperature", data: { celsius: 21.5 } } },
      ["<body>data</body>", '<payload datatype="urn:example:temperature" xmlns="urn:xmpp:json-msg:0">{"celsius":21.5}</payload>'],
    ],
    [
      "data form",
      { body: "survey", dataform: { type: "form", title: "Q", fields: [{ var: "color", type: "list-single", options: [{ label: "Red", value: "red" }], value: "red" }] } },
      [
        "<body>survey</body>",
        '<x type="form" xmlns="jabber:x:data"><title>Q</title><field type="list-single" var="color"><value>red</value><option label="Red"><value>red</value></option></field></x>',
      ],
    ],
  ])("%s", async (_family, fields, expected) => {
    expect(await deliver(fields)).toEqual(expected.map((x) => canonical(x)));
  });
});

describe("iq families: JSON → a real client receives the query, and its answer comes back", () => {
  async function iqToBob(fields: Record<string, unknown>): Promise<{ query: string; reply: Record<string, unknown> }> {
    const id = `iq-${++seq}`;
    const r = await send({ kind: "iq", to: "bob@localhost/test", id, ...fields });
    expect(r.status).toBe(200);
    const got = await bob.waitFor((s) => s.is("iq") && s.attrs.id === id);
    return { query: childrenOf(got)[0], reply: r.json() };
  }

  it("ping", async () => {
    const { query, reply } = await iqToBob({ ping: true });
    expect(query).toBe(canonical('<ping xmlns="urn:xmpp:ping"/>'));
    expect(reply).toMatchObject({ type: "result", from: "bob@localhost/test" });
  });

  it("version, with the client's answer mapped back", async () => {
    const { query, reply } = await iqToBob({ version: true });
    expect(query).toBe(canonical('<query xmlns="jabber:iq:version"/>'));
    expect(reply).toMatchObject({ type: "result", version: { name: "bob's client", version: "1.0" } });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["disco with a node", { disco: "urn:example:node" }, '<query node="urn:example:node" xmlns="http://jabber.org/protocol/disco#info"/>'],
    ["items", { items: true }, '<query xmlns="http://jabber.org/protocol/disco#items"/>'],
    ["last activity", { lastactivity: {} }, '<query xmlns="jabber:iq:last"/>'],
    ["stats", { stats: true }, '<query xmlns="http://jabber.org/protocol/stats"/>'],
    ["extdisco", { extdisco: { type: "turn" } }, '<services type="turn" xmlns="urn:xmpp:extdisco:2"/>'],
    ["gateway", { gateway: {} }, '<query xmlns="jabber:iq:gateway"/>'],
    ["oob (a set)", { type: "set", oob: { url: "https://example.org/f.pdf", desc: "the file" } }, '<query xmlns="jabber:iq:oob"><url>https://example.org/f.pdf</url><desc>the file</desc></query>'],
  ])("%s", async (_family, fields, expected) => {
    const { query, reply } = await iqToBob(fields);
    expect(query).toBe(canonical(expected));
    // bob's client has no handler for these: its error (whatever xmpp.js says) comes back as a 200, as in mod_rest.
    expect(reply).toMatchObject({ type: "error", from: "bob@localhost/test", error: { condition: expect.any(String) } });
  });
});

describe("iq families against the server's own services", () => {
  it("runs a multi-step ad-hoc command with data forms: the server's add-user, then the new user logs in", async () => {
    const node = "http://jabber.org/protocol/admin#add-user";
    const first = (await send({ kind: "iq", to: "localhost", command: { node, action: "execute" } })).json();
    expect(first.command).toMatchObject({ node, status: "executing", sessionid: expect.any(String), actions: { complete: true } });
    const fields = first.command.form.fields as { var: string; type: string; required?: boolean }[];
    expect(fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ var: "accountjid", type: "jid-single", required: true }),
        expect.objectContaining({ var: "password", type: "text-private" }),
      ]),
    );
    const second = await send({
      kind: "iq",
      to: "localhost",
      command: {
        node,
        sessionid: first.command.sessionid,
        action: "complete",
        data: { FORM_TYPE: "http://jabber.org/protocol/admin", accountjid: "dave@localhost", password: "dave-secret-1", "password-verify": "dave-secret-1" },
      },
    });
    expect(second.json().command).toMatchObject({ node, status: "completed", note: { type: "info" } });
    const login = await call(stack.url + "/auth/token", { auth: "Basic " + Buffer.from("dave:dave-secret-1").toString("base64") });
    expect(login.status).toBe(201);
  });

  it("asks for an upload slot (XEP-0363) whose PUT and GET then work", async () => {
    const r = (await send({ kind: "iq", to: "upload.localhost", upload_request: { filename: "note.txt", size: 5, "content-type": "text/plain" } })).json();
    const slot = r.upload_slot as { put: { url: string; headers?: { name: string; value: string }[] }; get: { url: string } };
    const headers = Object.fromEntries((slot.put.headers ?? []).map((h) => [h.name, h.value]));
    const put = await fetch(slot.put.url, { method: "PUT", headers: { ...headers, "Content-Type": "text/plain" }, body: "hello" });
    expect(put.status).toBe(201);
    expect(await (await fetch(slot.get.url)).text()).toBe("hello");
  });

  it("reads the account's registration (XEP-0077)", async () => {
    expect((await send({ kind: "iq", to: "localhost", register: {} })).json()).toMatchObject({ type: "result", register: { registered: true, username: "alice" } });
  });

  it("counts the user's archive (a MAM query; results cannot pass a privileged IQ on Prosody 0.12)", async () => {
    await deliver({ body: "for the archive" });
    const r = (await send({ kind: "iq", to: "alice@localhost", archive: { with: "bob@localhost", max: 0 } })).json();
    expect(r).toMatchObject({ type: "result", result: { complete: true } });
    expect(r.result.page.count).toBeGreaterThan(0);
  });

  it("answers XML for XML: the server's disco#info", async () => {
    const r = await call(stack.url + "/rest", {
      auth: stack.basic("alice"),
      type: "application/xmpp+xml",
      body: "<iq type='get' to='conference.localhost' id='x-disco'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>",
    });
    expect(r.headers.get("content-type")).toBe("application/xmpp+xml");
    expect(r.text).toMatch(/^<iq [^>]*id="x-disco"[^>]*><query xmlns="http:\/\/jabber.org\/protocol\/disco#info"><identity [^>]*category="conference"/);
  });
});

describe("presence families, sent by a bot (users cannot send presence through XEP-0356)", () => {
  it("show, status, priority, idle, caps and avatar hash reach bob", async () => {
    const out: string[] = [];
    const log = jest.spyOn(console, "log").mockImplementation((line: string) => void out.push(line));
    await main(["apikey", "create", "presence-bot@rest.localhost", "--config", stack.configPath]);
    log.mockRestore();
    const r = await call(stack.url + "/rest", {
      auth: `Bearer ${out[0]}`,
      type: "application/json",
      body: JSON.stringify({
        kind: "presence",
        to: "bob@localhost",
        id: "pres-1",
        show: "away",
        status: "lunch",
        priority: 5,
        idle_since: "2026-01-01T12:00:00Z",
        caps: { hash: "sha-1", node: "https://example.org", ver: "abc=" },
        vcard_update: { photo: "0123abcd" },
      }),
    });
    expect(r.status).toBe(202);
    const got = await bob.waitFor((s) => s.is("presence") && s.attrs.id === "pres-1");
    expect(childrenOf(got)).toEqual(
      [
        "<show>away</show>",
        "<status>lunch</status>",
        "<priority>5</priority>",
        '<idle since="2026-01-01T12:00:00Z" xmlns="urn:xmpp:idle:1"/>',
        '<c hash="sha-1" node="https://example.org" ver="abc=" xmlns="http://jabber.org/protocol/caps"/>',
        '<x xmlns="vcard-temp:x:update"><photo>0123abcd</photo></x>',
      ].map((x) => canonical(x)),
    );
  });
});
