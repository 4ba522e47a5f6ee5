import fc from "fast-check";
import xml from "@xmpp/xml";
import { jsonToStanza, MappingError, stanzaJsonSchema, stanzaToJson } from "../../../component/jsonmap";
import { NS } from "../../../component/jsonmap/namespaces";
import { parseStanzaXml, XmlParseError } from "../../../component/xml/parse";

type Element = xml.Element;

/** Every property name the schema knows, at any depth: the fuzzer builds objects from real names. */
function propertyNames(schema: unknown, names = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) schema.forEach((item) => propertyNames(item, names));
  else if (typeof schema === "object" && schema !== null) {
    for (const [key, value] of Object.entries(schema)) {
      if (key === "properties") Object.keys(value as object).forEach((name) => names.add(name));
      propertyNames(value, names);
    }
  }
  return names;
}

const FIELD_NAMES = [...propertyNames(stanzaJsonSchema()), "FORM_TYPE", "__proto__", "constructor"];

const INTERESTING_STRINGS = [
  "",
  "juliet@capulet.lit/balcony",
  "Juliet@Capulet.LIT",
  "bad jid",
  "@x",
  "chat",
  "get",
  "set",
  "result",
  "error",
  "available",
  "unavailable",
  "message",
  "presence",
  "iq",
  "composing",
  "text-multi",
  "list-multi",
  "boolean",
  "1",
  "-5",
  "2.5",
  "a,b",
  "<p>x</p>",
  "<body><b>y</b></body>",
  "</im:html><x/>",
  "<unclosed>",
  "&amp;",
  "&nbsp;",
  "line\nline",
  "\u0000",
  "\ud800",
  "\uffff",
  "😀",
];

/** Any UTF-16 code unit, lone surrogates included. */
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));

const jsonLeaf = fc.oneof(
  fc.constantFrom(...INTERESTING_STRINGS),
  fc.string(),
  fc.string({ unit: anyCodeUnit, maxLength: 8 }),
  fc.string({ unit: anyCodeUnit, maxLength: 2 }).map((noise) => `juliet@${noise}capulet.lit/${noise}`),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);

const { value: fieldValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    jsonLeaf,
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...FIELD_NAMES), tie("value"), { maxKeys: 4 }),
  ),
}));

const stanzaLikeJson = fc.dictionary(fc.constantFrom(...FIELD_NAMES), fieldValue, { minKeys: 1, maxKeys: 6 });

function expectOnlyMappingErrors(action: () => void): void {
  try {
    action();
  } catch (error) {
    if (!(error instanceof MappingError)) throw error;
    expect([400, 422]).toContain(error.status);
  }
}

/** What every stanza the mapper produces must survive: well-formed XML, readable back, writable again. */
function checkProducedStanza(stanza: Element): void {
  const reparsed = parseStanzaXml(stanza.toString(), { maxBytes: Infinity });
  const json = stanzaToJson(reparsed);
  expect(stanzaToJson(jsonToStanza(json))).toEqual(json);
}

describe("fuzzing", () => {
  test("random JSON values: only MappingError (400/422), and what is produced is well-formed and stable", () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), stanzaLikeJson), (json) => {
        expectOnlyMappingErrors(() => checkProducedStanza(jsonToStanza(json)));
      }),
      { numRuns: 4000 },
    );
  });

  const XML_TOKENS = [
    "<message>",
    "</message>",
    "<iq type='get'>",
    "</iq>",
    "<presence>",
    "</presence>",
    "<xmpp>",
    "</xmpp>",
    "<body>",
    "</body>",
    "<x xmlns='jabber:x:data'>",
    "</x>",
    "<field var='a' type='list-multi'>",
    "</field>",
    "<value>",
    "</value>",
    "<a:b xmlns:a='urn:a' a:c='d'>",
    "</a:b>",
    "<e:f>",
    "text",
    " ",
    "\n",
    "&amp;",
    "&bogus;",
    "&#0;",
    "&#x1F600;",
    "<!DOCTYPE x>",
    "<!ENTITY e 'x'>",
    "<?pi x?>",
    "<?xml version='1.0'?>",
    "<![CDATA[<x>]]>",
    "<!-- c -->",
    "<",
    ">",
    "/>",
    "'",
    '"',
    "=",
    "\u0000",
    "<thread parent='p'>",
    "</thread>",
    "<composing xmlns='http://jabber.org/protocol/chatstates'/>",
    "<payload xmlns='urn:xmpp:json-msg:0' datatype='d'>",
    "</payload>",
    "{\"a\":1}",
  ];

  test("random XML-ish text: only XmlParseError from the parser, only MappingError after it", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...XML_TOKENS), { maxLength: 12 }), (tokens) => {
        let stanza: Element;
        try {
          stanza = parseStanzaXml(tokens.join(""));
        } catch (error) {
          if (!(error instanceof XmlParseError)) throw error;
          expect(error.line).toBeGreaterThanOrEqual(1);
          return;
        }
        expectOnlyMappingErrors(() => jsonToStanza(stanzaToJson(stanza)));
      }),
      { numRuns: 3000 },
    );
  });

  /** Elements the table knows, so random trees reach deep into the read side. */
  const KNOWN_ELEMENTS: [string, string | undefined][] = [
    ["body", undefined],
    ["thread", undefined],
    ["error", undefined],
    ["text", NS.stanzas],
    ["bad-request", NS.stanzas],
    ["html", NS.xhtmlIm],
    ["body", NS.xhtml],
    ["x", NS.data],
    ["field", undefined],
    ["value", undefined],
    ["option", undefined],
    ["query", NS.discoInfo],
    ["query", NS.discoItems],
    ["item", undefined],
    ["identity", undefined],
    ["command", NS.commands],
    ["actions", undefined],
    ["result", NS.mam],
    ["forwarded", NS.forward],
    ["message", NS.client],
    ["set", NS.rsm],
    ["max", undefined],
    ["x", NS.mucUser],
    ["invite", undefined],
    ["continue", undefined],
    ["query", NS.stats],
    ["stat", undefined],
    ["payload", NS.jsonMsg],
    ["reactions", NS.reactions],
    ["reaction", undefined],
    ["composing", NS.chatStates],
    ["x", NS.oobX],
    ["url", undefined],
  ];
  const attributes = fc.dictionary(
    fc.constantFrom("type", "var", "node", "jid", "id", "to", "from", "seconds", "value", "xml:lang", "complete"),
    fc.constantFrom(...INTERESTING_STRINGS.filter((s) => !/[\u0000\ud800\uffff]/u.test(s))),
    { maxKeys: 3 },
  );
  const { tree } = fc.letrec<{ tree: Element; node: Element | string }>((tie) => ({
    tree: fc
      .tuple(fc.constantFrom(...KNOWN_ELEMENTS), attributes, fc.array(tie("node"), { maxLength: 4 }))
      .map(([[name, ns], attrs, children]) => xml(name, ns ? { ...attrs, xmlns: ns } : attrs, ...children)),
    node: fc.oneof({ maxDepth: 5 }, fc.constantFrom("1", "x", "text-multi", ""), tie("tree")),
  }));

  test("random stanza trees from known elements: XML → JSON never fails, JSON → XML only with MappingError", () => {
    fc.assert(
      fc.property(fc.constantFrom("message", "presence", "iq"), attributes, fc.array(tree, { maxLength: 4 }), (kind, attrs, children) => {
        const json = stanzaToJson(xml(kind, attrs, ...children));
        expectOnlyMappingErrors(() => checkProducedStanza(jsonToStanza(json)));
      }),
      { numRuns: 3000 },
    );
  });
});
