/**
 * Fuzzes the /rest request pipeline short of the network (what /rest/echo does): random
 * bodies of every input type, with and without path parameters, through parsing, the
 * stanza checks and rendering in every output type. Every outcome must be a rendered
 * stanza (a 2xx) or a RestError with a 4xx status: no crash, no 5xx.
 */
import fc from "fast-check";
import { RestError } from "../../http/rest/errors";
import { INPUT_TYPES, parseBody, PathParams, queryStanza } from "../../http/rest/parse";
import { OUTPUT_TYPES, serialize } from "../../http/rest/render";
import { checkStanza } from "../../http/rest/validate";
import type { Principal } from "../../http/auth/principal";

const alice: Principal = { jid: "alice@localhost", kind: "user", method: "basic", admin: false };

const FIELDS = ["kind", "type", "to", "from", "id", "body", "subject", "thread", "html", "state", "show", "status", "priority", "ping", "disco", "items", "version", "command", "archive", "oob", "payload", "dataform", "formdata", "error", "lang", "join", "muc", "reactions"];
const WORDS = ["", "chat", "get", "set", "result", "error", "message", "iq", "presence", "alice@localhost", "bob@localhost/r", "bad jid", "a@b@c", "<p>x</p>", "<body>", "&amp;", "😀", "\u0000", "1", "true"];

const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constantFrom(...WORDS),
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), fc.string()), tie("value"), { maxKeys: 4 }),
  ),
})).value;

const jsonBody = fc.oneof(
  fc.dictionary(fc.constantFrom(...FIELDS), jsonValue, { maxKeys: 6 }).map((o) => JSON.stringify(o)),
  jsonValue.map((v) => JSON.stringify(v)),
  fc.string(),
);

const xmlBody = fc.oneof(
  fc.tuple(fc.constantFrom("message", "iq", "presence", "body", "stream:stream"), fc.dictionary(fc.constantFrom("to", "from", "type", "id", "xmlns", "xml:lang", "foo"), fc.constantFrom(...WORDS)), fc.array(fc.constantFrom("<body>x</body>", "<ping xmlns='urn:xmpp:ping'/>", "<query xmlns='jabber:iq:version'/>", "text", "<a><b/></a>", "<!-- c -->", "<![CDATA[x]]>"), { maxLength: 3 }))
    .map(([name, attrs, children]) => `<${name}${Object.entries(attrs).map(([k, v]) => ` ${k}="${v.replace(/"/g, "&quot;").replace(/</g, "&lt;")}"`).join("")}>${children.join("")}</${name}>`),
  fc.string(),
  fc.constantFrom("<!DOCTYPE x><message/>", "<message/><message/>", "<?xml version='1.0'?><message/>", "<message>", "", "<a:b xmlns:a='jabber:client'/>"),
);

const formBody = fc.oneof(fc.dictionary(fc.constantFrom(...FIELDS), fc.constantFrom(...WORDS)).map((o) => new URLSearchParams(o).toString()), fc.string());

const path: fc.Arbitrary<PathParams> = fc.record(
  { kind: fc.constantFrom("message", "presence", "iq"), type: fc.constantFrom("chat", "get", "set", "ping", "version", "normal", "bogus"), to: fc.constantFrom(...WORDS) },
  { requiredKeys: [] },
);

const request = fc.oneof(
  fc.tuple(fc.constant<(typeof INPUT_TYPES)[number]>("application/json"), jsonBody),
  fc.tuple(fc.constant<(typeof INPUT_TYPES)[number]>("application/xmpp+xml"), xmlBody),
  fc.tuple(fc.constant<(typeof INPUT_TYPES)[number]>("application/x-www-form-urlencoded"), formBody),
  fc.tuple(fc.constant<(typeof INPUT_TYPES)[number]>("text/plain"), fc.string()),
  fc.tuple(fc.constant(undefined), fc.string()),
);

/** Runs the pipeline; returns the HTTP status it would answer. */
function outcome(run: () => void): number {
  try {
    run();
    return 200;
  } catch (err) {
    if (err instanceof RestError) return err.spec.status;
    throw err;
  }
}

describe("the /rest pipeline under random input", () => {
  it("answers every POST body with a stanza or a 4xx, never a crash", () => {
    fc.assert(
      fc.property(request, fc.option(path, { nil: {} }), fc.constantFrom(...OUTPUT_TYPES), ([type, body], pathParams, output) => {
        const status = outcome(() => serialize(output, [checkStanza(parseBody(type, body, pathParams), alice).stanza]));
        expect(status === 200 || (status >= 400 && status < 500)).toBe(true);
      }),
      { numRuns: 4000 },
    );
  });

  it("answers every GET query with a stanza or a 4xx", () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom("ping", "version", "disco", "items", "archive", "command", "lastactivity", "stats", "extdisco", "bogus", "__proto__"), fc.string()), fc.constantFrom(...WORDS), fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }), (query, to, params) => {
        const status = outcome(() => serialize("application/json", [checkStanza(queryStanza(query, to, params), alice).stanza]));
        expect(status === 200 || (status >= 400 && status < 500)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
