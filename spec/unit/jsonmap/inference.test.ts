import xml from "@xmpp/xml";
import { jsonToStanza, MappingError, stanzaToJson } from "../../../component/jsonmap";
import { fromXml, mappingErrorOf, toXml } from "./support";

/** The element name and type attribute a JSON object becomes. */
function identity(json: Record<string, unknown>): [string, string | undefined] {
  const stanza = jsonToStanza(json);
  return [stanza.name, stanza.attrs.type as string | undefined];
}

describe("kind and type inference", () => {
  test.each<[string, Record<string, unknown>, [string, string | undefined]]>([
    ["kind wins over type and fields", { kind: "presence", type: "chat", body: "x" }, ["presence", "chat"]],
    ["a non-string kind is ignored", { kind: 5, type: "get" }, ["iq", "get"]],
    ["type get", { type: "get" }, ["iq", "get"]],
    ["type result", { type: "result" }, ["iq", "result"]],
    ["type headline", { type: "headline" }, ["message", "headline"]],
    ["type subscribe", { type: "subscribe" }, ["presence", "subscribe"]],
    ["type available is dropped", { type: "available" }, ["presence", undefined]],
    ["kind iq without type is a get", { kind: "iq" }, ["iq", "get"]],
    ["ping", { ping: true }, ["iq", "get"]],
    ["ping as a path query ({})", { ping: {} }, ["iq", "get"]],
    ["disco", { disco: true }, ["iq", "get"]],
    ["items", { items: true }, ["iq", "get"]],
    ["version", { version: true }, ["iq", "get"]],
    ["command implies set", { command: "uptime" }, ["iq", "set"]],
    ["archive implies set", { archive: {} }, ["iq", "set"]],
    ["lastactivity", { lastactivity: {} }, ["iq", "get"]],
    ["extdisco", { extdisco: {} }, ["iq", "get"]],
    ["stats", { stats: true }, ["iq", "get"]],
    ["upload_request", { upload_request: { filename: "a", size: 1 } }, ["iq", "get"]],
    ["register", { register: {} }, ["iq", "get"]],
    ["oob on its own", { oob: { url: "http://x.example/" } }, ["iq", "get"]],
    ["payload on its own", { payload: { datatype: "x", data: 1 } }, ["iq", "get"]],
    ["oob with a body is a message", { oob: { url: "http://x.example/" }, body: "see" }, ["message", undefined]],
    ["payload with status is a presence", { payload: { datatype: "x", data: 1 }, status: "hi" }, ["presence", undefined]],
    ["body", { body: "x" }, ["message", undefined]],
    ["html", { html: "<p>x</p>" }, ["message", undefined]],
    ["replace", { replace: "m1" }, ["message", undefined]],
    ["state", { state: "composing" }, ["message", undefined]],
    ["subject", { subject: "x" }, ["message", undefined]],
    ["thread", { thread: "t" }, ["message", undefined]],
    ["join", { join: true }, ["presence", undefined]],
    ["muc", { muc: {} }, ["presence", undefined]],
    ["priority", { priority: 1 }, ["presence", undefined]],
    ["show", { show: "dnd" }, ["presence", undefined]],
    ["status", { status: "x" }, ["presence", undefined]],
    ["a query field beats message fields", { ping: true, body: "x" }, ["iq", "get"]],
    ["message fields beat presence fields", { show: "away", body: "x" }, ["message", undefined]],
    ["false and null imply nothing", { join: false, ping: null, nick: "n" }, ["message", undefined]],
    ["nothing known: a message", { nick: "n" }, ["message", undefined]],
    ["an error object implies type error", { kind: "iq", error: { condition: "forbidden" } }, ["iq", "error"]],
    ["type error is accepted", { type: "error", body: "x" }, ["message", "error"]],
  ])("%s", (_name, json, expected) => {
    expect(identity(json)).toEqual(expected);
  });
});

describe("refused JSON", () => {
  test.each([[{}], [[]], [null], ["text"], [42], [[{ body: "x" }]]])("%j is not a JSON stanza: 400", (json) => {
    const error = mappingErrorOf(json);
    expect([error.status, error.condition, error.text, error.context]).toEqual([
      400,
      "not-well-formed",
      "Failed to parse payload",
      { error: "invalid-json" },
    ]);
  });

  test.each(["MESSAGE", "stanza", ""])("unknown kind %j: 400 unknown-kind", (kind) => {
    const error = mappingErrorOf({ kind, body: "x" });
    expect([error.status, error.condition, error.context]).toEqual([400, "not-well-formed", { error: "unknown-kind" }]);
  });

  test.each(["not a jid", "@example.com", "a@", "a@b/", "a b@example.com", "a@exa mple.com", "", 5])(
    "invalid to %j: 422 improper-addressing",
    (to) => {
      const error = mappingErrorOf({ to, body: "x" });
      expect([error.status, error.condition, error.text]).toEqual([422, "improper-addressing", "Invalid destination JID"]);
    },
  );

  test.each(["not a jid", "a@b@c", "user@/res", "x@y/", 5])("invalid from %j: 422 invalid-from", (from) => {
    const error = mappingErrorOf({ to: "juliet@example.com", from, body: "x" });
    expect([error.status, error.condition, error.text]).toEqual([422, "invalid-from", "Invalid source JID"]);
  });

  test.each<[Record<string, unknown>, string]>([
    [{ body: 5 }, "body"],
    [{ body: ["x"] }, "body"],
    [{ type: true }, "type"],
    [{ id: 7, body: "x" }, "id"],
    [{ ping: "yes" }, "ping"],
    [{ priority: 1.5 }, "priority"],
    [{ disco: 3 }, "disco"],
    [{ items: [3] }, "items[0]"],
    [{ state: "not a name" }, "state"],
    [{ body: "bad \u0001 char" }, "body"],
    [{ stanza_ids: {} }, "stanza_ids"],
    [{ muc: { history: { maxstanzas: "many" } } }, "muc.history.maxstanzas"],
    [{ forwarded: { message: { to: "bad jid" } } }, "forwarded.message.to"],
    [{ html: "<p>unclosed" }, "html"],
    [{ html: 5 }, "html"],
  ])("a structurally invalid value is a 422 bad-format: %j", (json, field) => {
    const error = mappingErrorOf(json);
    expect([error.status, error.condition, error.context?.field]).toEqual([422, "bad-format", field]);
  });

  test("broken html says where, relative to the html string", () => {
    const error = mappingErrorOf({ html: "<p>one</p>\n<p>two</b>" });
    expect(error).toBeInstanceOf(MappingError);
    expect(error.text).toBe("Invalid value for 'html': not well-formed XHTML at line 2, column 10: unexpected close tag, <p> is still open");
    expect(error.context).toEqual({ field: "html", line: 2, column: 10 });
  });

  test("html cannot escape its wrapper", () => {
    expect(mappingErrorOf({ html: "</im:html><message/>" }).condition).toBe("bad-format");
  });

  test("stanzas nested too deeply are refused, not a stack overflow", () => {
    let message: Record<string, unknown> = { body: "bottom" };
    for (let i = 0; i < 50; i++) message = { forwarded: { message } };
    expect(mappingErrorOf({ kind: "message", ...message }).context?.field).toMatch(/^forwarded\.message\./);
  });
});

describe("ids and unknown fields", () => {
  test("a JSON id is kept, a missing one stays unset", () => {
    expect(jsonToStanza({ id: "abc", body: "x" }).attrs.id).toBe("abc");
    expect(jsonToStanza({ body: "x" }).attrs).toEqual({});
  });

  test("unknown properties and fields of another kind are ignored", () => {
    expect(toXml({ body: "x", frobnicate: { a: 1 }, show: "away", constructor: "x" })).toBe(
      "<message><body>x</body></message>",
    );
  });

  test("only own properties count", () => {
    const json: Record<string, unknown> = Object.assign(Object.create({ ping: true, body: "inherited" }), { nick: "n" });
    expect(toXml(json)).toBe('<message><nick xmlns="http://jabber.org/protocol/nick">n</nick></message>');
    expect(toXml(JSON.parse('{"__proto__": {"ping": true}, "body": "x"}'))).toBe("<message><body>x</body></message>");
  });
});

describe("XML to JSON", () => {
  test("unknown elements are dropped", () => {
    expect(fromXml('<message><body>x</body><foo xmlns="urn:example:foo"><body>y</body></foo></message>')).toEqual({
      kind: "message",
      body: "x",
    });
  });

  test("a component-namespace stanza reads like jabber:client", () => {
    const xmlText =
      '<message xmlns="jabber:component:accept" from="a@example.com/r" to="bot@rest.example.com" type="chat" xml:lang="en">' +
      "<body>hi</body></message>";
    expect(fromXml(xmlText)).toEqual({
      kind: "message",
      from: "a@example.com/r",
      to: "bot@rest.example.com",
      type: "chat",
      lang: "en",
      body: "hi",
    });
  });

  test("children with an explicit jabber:client namespace (as Prosody sends them) are read", () => {
    expect(fromXml('<message><body xmlns="jabber:client">x</body></message>')).toEqual({ kind: "message", body: "x" });
  });

  test("elements of another namespace with a known name are not mistaken for fields", () => {
    expect(fromXml('<message><body xmlns="urn:example:other">x</body></message>')).toEqual({ kind: "message" });
  });

  test("prefixed elements built by other parsers are resolved", () => {
    const iq = xml("iq", { type: "get", "xmlns:p": "urn:xmpp:ping" }, xml("p:ping", {}));
    expect(stanzaToJson(iq)).toEqual({ kind: "iq", type: "get", ping: true });
  });

  test("a payload whose data is not JSON keeps only its datatype", () => {
    expect(fromXml('<message><payload xmlns="urn:xmpp:json-msg:0" datatype="x">{nope</payload></message>')).toEqual({
      kind: "message",
      payload: { datatype: "x" },
    });
  });

  test("html without an XHTML body is left out", () => {
    expect(fromXml('<message><html xmlns="http://jabber.org/protocol/xhtml-im"><p>x</p></html></message>')).toEqual({
      kind: "message",
    });
  });

  test("unparsable numbers are left out", () => {
    expect(fromXml("<presence><priority>high</priority></presence>")).toEqual({ kind: "presence", type: "available" });
  });

  test("several stanzas in <xmpp> give a list", () => {
    expect(fromXml('<xmpp xmlns="jabber:client"><message><body>a</body></message><iq type="result" id="1"/></xmpp>')).toEqual({
      xmpp: [
        { kind: "message", body: "a" },
        { kind: "iq", type: "result", id: "1" },
      ],
    });
  });

  test("a root that is not a stanza is a 422 unsupported-stanza-type", () => {
    expect(() => fromXml("<stream/>")).toThrow(
      expect.objectContaining({ status: 422, condition: "unsupported-stanza-type" }) as unknown as Error,
    );
  });
});
