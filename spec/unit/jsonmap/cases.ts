/**
 * Mapping examples per field family: `json` must give exactly `xml`, and `xml` must read back as
 * `back`. The schema test also validates every `json` and `back` against the generated schema.
 */
export type Json = Record<string, unknown>;

export interface MappingCase {
  name: string;
  json: Json;
  xml: string;
  back: Json;
}

const STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";

export const addressingCases: MappingCase[] = [
  {
    name: "attributes: to/from normalised, type, id, xml:lang",
    json: {
      kind: "message",
      type: "chat",
      to: "Juliet@Capulet.LIT/Balcony",
      from: "romeo@montague.lit/orchard",
      id: "m1",
      lang: "en",
      body: "Wherefore & <art> thou?",
    },
    xml:
      '<message to="juliet@capulet.lit/Balcony" from="romeo@montague.lit/orchard" type="chat" id="m1" xml:lang="en">' +
      "<body>Wherefore &amp; &lt;art&gt; thou?</body></message>",
    back: {
      kind: "message",
      type: "chat",
      to: "juliet@capulet.lit/Balcony",
      from: "romeo@montague.lit/orchard",
      id: "m1",
      lang: "en",
      body: "Wherefore & <art> thou?",
    },
  },
  {
    name: "from without to is kept",
    json: { from: "bot@rest.example.com", body: "hi" },
    xml: '<message from="bot@rest.example.com"><body>hi</body></message>',
    back: { kind: "message", from: "bot@rest.example.com", body: "hi" },
  },
  {
    name: "error stanza from an error object",
    json: { kind: "iq", id: "q1", error: { type: "modify", condition: "bad-request", text: "invalid timestamp", by: "localhost" } },
    xml:
      '<iq type="error" id="q1"><error type="modify" by="localhost">' +
      `<bad-request xmlns="${STANZAS}"/><text xmlns="${STANZAS}">invalid timestamp</text></error></iq>`,
    back: {
      kind: "iq",
      type: "error",
      id: "q1",
      error: { type: "modify", condition: "bad-request", text: "invalid timestamp", by: "localhost" },
    },
  },
  {
    name: "error object without type or condition gets XMPP's required defaults",
    json: { type: "error", error: {} },
    xml: `<message type="error"><error type="cancel"><undefined-condition xmlns="${STANZAS}"/></error></message>`,
    back: { kind: "message", type: "error", error: { type: "cancel", condition: "undefined-condition" } },
  },
];

export const messageCases: MappingCase[] = [
  {
    name: "body, subject and thread as a string",
    json: { body: "Hello", subject: "Greetings", thread: "t-1" },
    xml: "<message><body>Hello</body><subject>Greetings</subject><thread>t-1</thread></message>",
    back: { kind: "message", body: "Hello", subject: "Greetings", thread: { id: "t-1" } },
  },
  {
    name: "thread with parent",
    json: { thread: { id: "t-2", parent: "t-1" } },
    xml: '<message><thread parent="t-1">t-2</thread></message>',
    back: { kind: "message", thread: { id: "t-2", parent: "t-1" } },
  },
  {
    name: "empty body stays an empty string",
    json: { body: "" },
    xml: "<message><body/></message>",
    back: { kind: "message", body: "" },
  },
  {
    name: "html: an XHTML body",
    json: { body: "Hi there", html: "<body><p>Hi <em>there</em></p></body>" },
    xml:
      '<message><body>Hi there</body><html xmlns="http://jabber.org/protocol/xhtml-im">' +
      '<body xmlns="http://www.w3.org/1999/xhtml"><p>Hi <em>there</em></p></body></html></message>',
    back: { kind: "message", body: "Hi there", html: "<body><p>Hi <em>there</em></p></body>" },
  },
  {
    name: "html: a fragment is wrapped in a body",
    json: { html: "Hi <strong>you</strong> &amp; me" },
    xml:
      '<message><html xmlns="http://jabber.org/protocol/xhtml-im">' +
      '<body xmlns="http://www.w3.org/1999/xhtml">Hi <strong>you</strong> &amp; me</body></html></message>',
    back: { kind: "message", html: "<body>Hi <strong>you</strong> &amp; me</body>" },
  },
  {
    name: "oob_url gives an oob element, read back as both spellings",
    json: { body: "look", oob_url: "https://media.example.net/a.jpg" },
    xml: '<message><body>look</body><x xmlns="jabber:x:oob"><url>https://media.example.net/a.jpg</url></x></message>',
    back: {
      kind: "message",
      body: "look",
      oob: { url: "https://media.example.net/a.jpg" },
      oob_url: "https://media.example.net/a.jpg",
    },
  },
  {
    name: "oob wins over oob_url (one element)",
    json: { body: "look", oob: { url: "https://x.example/a", desc: "A" }, oob_url: "https://x.example/other" },
    xml: '<message><body>look</body><x xmlns="jabber:x:oob"><url>https://x.example/a</url><desc>A</desc></x></message>',
    back: { kind: "message", body: "look", oob: { url: "https://x.example/a", desc: "A" }, oob_url: "https://x.example/a" },
  },
  {
    name: "chat state, correction, markers and receipts",
    json: { id: "m2", body: "fixed", state: "active", replace: "m1", markable: true, receipt_request: true },
    xml:
      '<message id="m2"><body>fixed</body><active xmlns="http://jabber.org/protocol/chatstates"/>' +
      '<replace xmlns="urn:xmpp:message-correct:0" id="m1"/><markable xmlns="urn:xmpp:chat-markers:0"/>' +
      '<request xmlns="urn:xmpp:receipts"/></message>',
    back: { kind: "message", id: "m2", body: "fixed", state: "active", replace: "m1", markable: true, receipt_request: true },
  },
  {
    name: "unknown chat state passes through (as in mod_rest)",
    json: { state: "bogus" },
    xml: '<message><bogus xmlns="http://jabber.org/protocol/chatstates"/></message>',
    back: { kind: "message", state: "bogus" },
  },
  {
    name: "displayed marker and received receipt",
    json: { kind: "message", displayed: "m1", receipt_received: "m2" },
    xml:
      '<message><displayed xmlns="urn:xmpp:chat-markers:0" id="m1"/>' +
      '<received xmlns="urn:xmpp:receipts" id="m2"/></message>',
    back: { kind: "message", displayed: "m1", receipt_received: "m2" },
  },
  {
    name: "false flags write nothing",
    json: { body: "x", markable: false, fallback: false },
    xml: "<message><body>x</body></message>",
    back: { kind: "message", body: "x" },
  },
  {
    name: "reactions, reply and fallback",
    json: {
      type: "chat",
      reactions: { id: "m1", reactions: ["👍", "🎉"] },
      reply: { to: "juliet@capulet.lit/balcony", id: "m1" },
      fallback: true,
    },
    xml:
      '<message type="chat"><reactions xmlns="urn:xmpp:reactions:0" id="m1"><reaction>👍</reaction>' +
      '<reaction>🎉</reaction></reactions><reply xmlns="urn:xmpp:reply:0" to="juliet@capulet.lit/balcony" id="m1"/>' +
      '<fallback xmlns="urn:xmpp:fallback:0"/></message>',
    back: {
      kind: "message",
      type: "chat",
      reactions: { id: "m1", reactions: ["👍", "🎉"] },
      reply: { to: "juliet@capulet.lit/balcony", id: "m1" },
      fallback: true,
    },
  },
  {
    name: "removing all reactions keeps the empty list",
    json: { kind: "message", reactions: { id: "m1", reactions: [] } },
    xml: '<message><reactions xmlns="urn:xmpp:reactions:0" id="m1"/></message>',
    back: { kind: "message", reactions: { id: "m1", reactions: [] } },
  },
  {
    name: "stanza ids, encryption, reference, attach-to, occupant id, nick, delay",
    json: {
      kind: "message",
      stanza_ids: [
        { id: "s1", by: "room@muc.example" },
        { id: "s2", by: "juliet@capulet.lit" },
      ],
      encryption: "urn:xmpp:omemo:2",
      reference: { type: "mention", uri: "xmpp:juliet@capulet.lit", begin: 0, end: 6 },
      attach_to: "m0",
      occupant_id: "dd72603d",
      nick: "Romeo",
      delay: "2002-09-10T23:08:25Z",
    },
    xml:
      '<message><stanza-id xmlns="urn:xmpp:sid:0" id="s1" by="room@muc.example"/>' +
      '<stanza-id xmlns="urn:xmpp:sid:0" id="s2" by="juliet@capulet.lit"/>' +
      '<encryption xmlns="urn:xmpp:eme:0" namespace="urn:xmpp:omemo:2"/>' +
      '<reference xmlns="urn:xmpp:reference:0" type="mention" uri="xmpp:juliet@capulet.lit" begin="0" end="6"/>' +
      '<attach-to xmlns="urn:xmpp:message-attaching:1" id="m0"/>' +
      '<occupant-id xmlns="urn:xmpp:occupant-id:0" id="dd72603d"/>' +
      '<delay xmlns="urn:xmpp:delay" stamp="2002-09-10T23:08:25Z"/>' +
      '<nick xmlns="http://jabber.org/protocol/nick">Romeo</nick></message>',
    back: {
      kind: "message",
      stanza_ids: [
        { id: "s1", by: "room@muc.example" },
        { id: "s2", by: "juliet@capulet.lit" },
      ],
      encryption: "urn:xmpp:omemo:2",
      reference: { type: "mention", uri: "xmpp:juliet@capulet.lit", begin: 0, end: 6 },
      attach_to: "m0",
      occupant_id: "dd72603d",
      nick: "Romeo",
      delay: "2002-09-10T23:08:25Z",
    },
  },
  {
    name: "XEP-0249 direct invitation",
    json: {
      to: "juliet@capulet.lit",
      invite: { jid: "darkcave@macbeth.shakespeare.lit", password: "cauldronburn", reason: "Hey!", continue: true, thread: "t1" },
    },
    xml:
      '<message to="juliet@capulet.lit"><x xmlns="jabber:x:conference" jid="darkcave@macbeth.shakespeare.lit" ' +
      'password="cauldronburn" reason="Hey!" thread="t1" continue="true"/></message>',
    back: {
      kind: "message",
      to: "juliet@capulet.lit",
      invite: { jid: "darkcave@macbeth.shakespeare.lit", password: "cauldronburn", reason: "Hey!", thread: "t1", continue: true },
    },
  },
  {
    name: "XEP-0045 mediated invitation sent to the room",
    json: {
      to: "darkcave@chat.shakespeare.lit",
      muc_invite: { to: "hecate@shakespeare.lit", reason: "Hey Hecate", continue: true, thread: "e0ff", password: "cauldronburn" },
    },
    xml:
      '<message to="darkcave@chat.shakespeare.lit"><x xmlns="http://jabber.org/protocol/muc#user">' +
      '<invite to="hecate@shakespeare.lit"><reason>Hey Hecate</reason><continue thread="e0ff"/></invite>' +
      "<password>cauldronburn</password></x></message>",
    back: {
      kind: "message",
      to: "darkcave@chat.shakespeare.lit",
      muc_invite: { to: "hecate@shakespeare.lit", reason: "Hey Hecate", continue: true, thread: "e0ff", password: "cauldronburn" },
    },
  },
  {
    name: "XEP-0045 mediated invitation as the room relays it",
    json: { from: "darkcave@chat.shakespeare.lit", muc_invite: { from: "crone1@shakespeare.lit/desktop", reason: "Hey" } },
    xml:
      '<message from="darkcave@chat.shakespeare.lit"><x xmlns="http://jabber.org/protocol/muc#user">' +
      '<invite from="crone1@shakespeare.lit/desktop"><reason>Hey</reason></invite></x></message>',
    back: {
      kind: "message",
      from: "darkcave@chat.shakespeare.lit",
      muc_invite: { from: "crone1@shakespeare.lit/desktop", reason: "Hey" },
    },
  },
  {
    name: "MAM result with a nested forwarded message",
    json: {
      kind: "message",
      to: "juliet@capulet.lit/balcony",
      archive: {
        queryid: "f27",
        id: "28482-98726-73623",
        forward: {
          delay: "2010-07-10T23:08:25Z",
          message: { to: "juliet@capulet.lit/balcony", from: "romeo@montague.lit/orchard", type: "chat", body: "Call me but love" },
        },
      },
    },
    xml:
      '<message to="juliet@capulet.lit/balcony"><result xmlns="urn:xmpp:mam:2" queryid="f27" id="28482-98726-73623">' +
      '<forwarded xmlns="urn:xmpp:forward:0"><delay xmlns="urn:xmpp:delay" stamp="2010-07-10T23:08:25Z"/>' +
      '<message xmlns="jabber:client" to="juliet@capulet.lit/balcony" from="romeo@montague.lit/orchard" type="chat">' +
      "<body>Call me but love</body></message></forwarded></result></message>",
    back: {
      kind: "message",
      to: "juliet@capulet.lit/balcony",
      archive: {
        queryid: "f27",
        id: "28482-98726-73623",
        forward: {
          delay: "2010-07-10T23:08:25Z",
          message: { to: "juliet@capulet.lit/balcony", from: "romeo@montague.lit/orchard", type: "chat", body: "Call me but love" },
        },
      },
    },
  },
  {
    name: "forwarded message (e.g. a carbon's payload)",
    json: { kind: "message", forwarded: { message: { from: "a@example.com/x", body: "fwd", state: "active" } } },
    xml:
      '<message><forwarded xmlns="urn:xmpp:forward:0"><message xmlns="jabber:client" from="a@example.com/x">' +
      '<body>fwd</body><active xmlns="http://jabber.org/protocol/chatstates"/></message></forwarded></message>',
    back: { kind: "message", forwarded: { message: { from: "a@example.com/x", body: "fwd", state: "active" } } },
  },
  {
    name: "JSON payload in a message",
    json: { kind: "message", body: "data", payload: { datatype: "urn:example:x", data: { a: [1, "two", null], b: true } } },
    xml:
      '<message><body>data</body><payload xmlns="urn:xmpp:json-msg:0" datatype="urn:example:x">' +
      '{"a":[1,"two",null],"b":true}</payload></message>',
    back: { kind: "message", body: "data", payload: { datatype: "urn:example:x", data: { a: [1, "two", null], b: true } } },
  },
];

export const presenceCases: MappingCase[] = [
  {
    name: "show, status, priority; type available is dropped and read back",
    json: { type: "available", show: "away", status: "Out to lunch", priority: 5 },
    xml: "<presence><show>away</show><status>Out to lunch</status><priority>5</priority></presence>",
    back: { kind: "presence", type: "available", show: "away", status: "Out to lunch", priority: 5 },
  },
  {
    name: "priority given as a string (form and query input)",
    json: { priority: "-1" },
    xml: "<presence><priority>-1</priority></presence>",
    back: { kind: "presence", type: "available", priority: -1 },
  },
  {
    name: "unavailable",
    json: { type: "unavailable", to: "room@muc.example/nick" },
    xml: '<presence to="room@muc.example/nick" type="unavailable"/>',
    back: { kind: "presence", type: "unavailable", to: "room@muc.example/nick" },
  },
  {
    name: "join is shorthand for an empty muc element",
    json: { to: "room@muc.example/nick", join: true },
    xml: '<presence to="room@muc.example/nick"><x xmlns="http://jabber.org/protocol/muc"/></presence>',
    back: { kind: "presence", type: "available", to: "room@muc.example/nick", muc: {} },
  },
  {
    name: "muc with history limits and password (join then ignored)",
    json: {
      to: "room@muc.example/nick",
      join: true,
      muc: { history: { maxstanzas: 20, since: "1970-01-01T00:00:00Z" }, password: "secret" },
    },
    xml:
      '<presence to="room@muc.example/nick"><x xmlns="http://jabber.org/protocol/muc">' +
      '<history maxstanzas="20" since="1970-01-01T00:00:00Z"/><password>secret</password></x></presence>',
    back: {
      kind: "presence",
      type: "available",
      to: "room@muc.example/nick",
      muc: { history: { maxstanzas: 20, since: "1970-01-01T00:00:00Z" }, password: "secret" },
    },
  },
  {
    name: "idle, caps, avatar hash, occupant id, delay",
    json: {
      kind: "presence",
      idle_since: "1969-07-21T02:56:15Z",
      caps: { hash: "sha-1", node: "https://example.org", ver: "QgayPKawpkPSDYmwT/WM94uAlu0=" },
      vcard_update: { photo: "01b87fcd030b72895ff8e88db57ec525450f000d" },
      occupant_id: "xyz",
      delay: "2002-09-10T23:41:07Z",
    },
    xml:
      '<presence><idle xmlns="urn:xmpp:idle:1" since="1969-07-21T02:56:15Z"/>' +
      '<c xmlns="http://jabber.org/protocol/caps" hash="sha-1" node="https://example.org" ver="QgayPKawpkPSDYmwT/WM94uAlu0="/>' +
      '<x xmlns="vcard-temp:x:update"><photo>01b87fcd030b72895ff8e88db57ec525450f000d</photo></x>' +
      '<occupant-id xmlns="urn:xmpp:occupant-id:0" id="xyz"/><delay xmlns="urn:xmpp:delay" stamp="2002-09-10T23:41:07Z"/>' +
      "</presence>",
    back: {
      kind: "presence",
      type: "available",
      idle_since: "1969-07-21T02:56:15Z",
      caps: { hash: "sha-1", node: "https://example.org", ver: "QgayPKawpkPSDYmwT/WM94uAlu0=" },
      vcard_update: { photo: "01b87fcd030b72895ff8e88db57ec525450f000d" },
      occupant_id: "xyz",
      delay: "2002-09-10T23:41:07Z",
    },
  },
  {
    name: "empty avatar photo means no avatar",
    json: { kind: "presence", vcard_update: { photo: "" } },
    xml: '<presence><x xmlns="vcard-temp:x:update"><photo/></x></presence>',
    back: { kind: "presence", type: "available", vcard_update: { photo: "" } },
  },
];

export const iqCases: MappingCase[] = [
  {
    name: "ping",
    json: { to: "localhost", ping: true },
    xml: '<iq to="localhost" type="get"><ping xmlns="urn:xmpp:ping"/></iq>',
    back: { kind: "iq", type: "get", to: "localhost", ping: true },
  },
  {
    name: "version query",
    json: { to: "localhost", version: true },
    xml: '<iq to="localhost" type="get"><query xmlns="jabber:iq:version"/></iq>',
    back: { kind: "iq", type: "get", to: "localhost", version: true },
  },
  {
    name: "version result",
    json: { type: "result", version: { name: "Prosody", version: "0.12.3", os: "Linux" } },
    xml:
      '<iq type="result"><query xmlns="jabber:iq:version"><name>Prosody</name><version>0.12.3</version>' +
      "<os>Linux</os></query></iq>",
    back: { kind: "iq", type: "result", version: { name: "Prosody", version: "0.12.3", os: "Linux" } },
  },
  {
    name: "disco#info query",
    json: { disco: true },
    xml: '<iq type="get"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>',
    back: { kind: "iq", type: "get", disco: true },
  },
  {
    name: "disco#info query on a node",
    json: { disco: "http://jabber.org/protocol/commands" },
    xml: '<iq type="get"><query xmlns="http://jabber.org/protocol/disco#info" node="http://jabber.org/protocol/commands"/></iq>',
    back: { kind: "iq", type: "get", disco: "http://jabber.org/protocol/commands" },
  },
  {
    name: "disco#info result with identities, features and an extension form",
    json: {
      type: "result",
      disco: {
        identities: [{ category: "server", type: "im", name: "Prosody" }],
        features: ["urn:xmpp:ping", "jabber:iq:version"],
        extensions: { "http://jabber.org/network/serverinfo": { "abuse-addresses": ["mailto:abuse@example.com"] } },
      },
    },
    xml:
      '<iq type="result"><query xmlns="http://jabber.org/protocol/disco#info">' +
      '<identity category="server" type="im" name="Prosody"/><feature var="urn:xmpp:ping"/>' +
      '<feature var="jabber:iq:version"/><x xmlns="jabber:x:data" type="result">' +
      '<field var="FORM_TYPE" type="hidden"><value>http://jabber.org/network/serverinfo</value></field>' +
      '<field var="abuse-addresses"><value>mailto:abuse@example.com</value></field></x></query></iq>',
    back: {
      kind: "iq",
      type: "result",
      disco: {
        identities: [{ category: "server", type: "im", name: "Prosody" }],
        features: ["urn:xmpp:ping", "jabber:iq:version"],
        extensions: { "http://jabber.org/network/serverinfo": { "abuse-addresses": ["mailto:abuse@example.com"] } },
      },
    },
  },
  {
    name: "disco#items query with a node",
    json: { items: "http://jabber.org/protocol/commands" },
    xml: '<iq type="get"><query xmlns="http://jabber.org/protocol/disco#items" node="http://jabber.org/protocol/commands"/></iq>',
    back: { kind: "iq", type: "get", items: "http://jabber.org/protocol/commands" },
  },
  {
    name: "disco#items result from strings and objects",
    json: {
      type: "result",
      items: ["conference.example.com", { jid: "example.com", node: "uptime", name: "Get uptime" }],
    },
    xml:
      '<iq type="result"><query xmlns="http://jabber.org/protocol/disco#items"><item jid="conference.example.com"/>' +
      '<item jid="example.com" node="uptime" name="Get uptime"/></query></iq>',
    back: {
      kind: "iq",
      type: "result",
      items: [{ jid: "conference.example.com" }, { jid: "example.com", node: "uptime", name: "Get uptime" }],
    },
  },
  {
    name: "empty disco#items result",
    json: { type: "result", items: true },
    xml: '<iq type="result"><query xmlns="http://jabber.org/protocol/disco#items"/></iq>',
    back: { kind: "iq", type: "result", items: true },
  },
  {
    name: "ad-hoc command result with actions and a form",
    json: {
      type: "result",
      command: {
        node: "announce",
        sessionid: "s1",
        status: "executing",
        actions: { execute: "complete", complete: true },
        form: { type: "form", fields: [{ var: "subject", type: "text-single", label: "Subject", required: true }] },
      },
    },
    xml:
      '<iq type="result"><command xmlns="http://jabber.org/protocol/commands" node="announce" sessionid="s1" status="executing">' +
      '<actions execute="complete"><complete/></actions><x xmlns="jabber:x:data" type="form">' +
      '<field var="subject" type="text-single" label="Subject"><required/></field></x></command></iq>',
    back: {
      kind: "iq",
      type: "result",
      command: {
        node: "announce",
        sessionid: "s1",
        status: "executing",
        actions: { execute: "complete", complete: true },
        form: { type: "form", fields: [{ var: "subject", type: "text-single", label: "Subject", required: true }] },
      },
    },
  },
  {
    name: "last activity",
    json: { type: "result", lastactivity: { seconds: 903, status: "Heading home" } },
    xml: '<iq type="result"><query xmlns="jabber:iq:last" seconds="903">Heading home</query></iq>',
    back: { kind: "iq", type: "result", lastactivity: { seconds: 903, status: "Heading home" } },
  },
  {
    name: "last activity query from a path ({})",
    json: { lastactivity: {} },
    xml: '<iq type="get"><query xmlns="jabber:iq:last"/></iq>',
    back: { kind: "iq", type: "get", lastactivity: {} },
  },
  {
    name: "external service discovery",
    json: {
      type: "result",
      extdisco: {
        services: [
          {
            type: "turn",
            host: "turn.example.com",
            port: 3478,
            transport: "udp",
            username: "u",
            password: "p",
            restricted: true,
            expires: "2024-01-01T00:00:00Z",
          },
        ],
      },
    },
    xml:
      '<iq type="result"><services xmlns="urn:xmpp:extdisco:2"><service type="turn" host="turn.example.com" ' +
      'port="3478" transport="udp" username="u" password="p" restricted="true" expires="2024-01-01T00:00:00Z"/>' +
      "</services></iq>",
    back: {
      kind: "iq",
      type: "result",
      extdisco: {
        services: [
          {
            type: "turn",
            host: "turn.example.com",
            port: 3478,
            transport: "udp",
            username: "u",
            password: "p",
            restricted: true,
            expires: "2024-01-01T00:00:00Z",
          },
        ],
      },
    },
  },
  {
    name: "statistics query and result",
    json: { type: "result", stats: [{ name: "users/online", unit: "users", value: 42 }] },
    xml: '<iq type="result"><query xmlns="http://jabber.org/protocol/stats"><stat name="users/online" unit="users" value="42"/></query></iq>',
    back: { kind: "iq", type: "result", stats: [{ name: "users/online", unit: "users", value: 42 }] },
  },
  {
    name: "statistics query",
    json: { stats: true },
    xml: '<iq type="get"><query xmlns="http://jabber.org/protocol/stats"/></iq>',
    back: { kind: "iq", type: "get", stats: true },
  },
  {
    name: "upload slot request",
    json: { to: "upload.example.com", upload_request: { filename: "très cool.jpg", size: 23456, "content-type": "image/jpeg" } },
    xml:
      '<iq to="upload.example.com" type="get"><request xmlns="urn:xmpp:http:upload:0" filename="très cool.jpg" ' +
      'size="23456" content-type="image/jpeg"/></iq>',
    back: {
      kind: "iq",
      type: "get",
      to: "upload.example.com",
      upload_request: { filename: "très cool.jpg", size: 23456, "content-type": "image/jpeg" },
    },
  },
  {
    name: "upload slot with put headers",
    json: {
      type: "result",
      upload_slot: {
        put: {
          url: "https://upload.example.com/a/b.jpg",
          headers: [
            { name: "Authorization", value: "Basic Base64String==" },
            { name: "Cookie", value: "foo=bar; user=romeo" },
          ],
        },
        get: { url: "https://download.example.com/a/b.jpg" },
      },
    },
    xml:
      '<iq type="result"><slot xmlns="urn:xmpp:http:upload:0"><put url="https://upload.example.com/a/b.jpg">' +
      '<header name="Authorization">Basic Base64String==</header><header name="Cookie">foo=bar; user=romeo</header>' +
      '</put><get url="https://download.example.com/a/b.jpg"/></slot></iq>',
    back: {
      kind: "iq",
      type: "result",
      upload_slot: {
        put: {
          url: "https://upload.example.com/a/b.jpg",
          headers: [
            { name: "Authorization", value: "Basic Base64String==" },
            { name: "Cookie", value: "foo=bar; user=romeo" },
          ],
        },
        get: { url: "https://download.example.com/a/b.jpg" },
      },
    },
  },
  {
    name: "in-band registration",
    json: { type: "set", register: { username: "bill", password: "Calliope", email: "bard@shakespeare.lit" } },
    xml:
      '<iq type="set"><query xmlns="jabber:iq:register"><username>bill</username><password>Calliope</password>' +
      "<email>bard@shakespeare.lit</email></query></iq>",
    back: { kind: "iq", type: "set", register: { username: "bill", password: "Calliope", email: "bard@shakespeare.lit" } },
  },
  {
    name: "registration state and removal flags",
    json: { type: "result", register: { registered: true, username: "bill", remove: true } },
    xml:
      '<iq type="result"><query xmlns="jabber:iq:register"><registered/><username>bill</username><remove/></query></iq>',
    back: { kind: "iq", type: "result", register: { registered: true, username: "bill", remove: true } },
  },
  {
    name: "gateway interaction",
    json: { type: "result", gateway: { desc: "Enter the user's screen name", prompt: "Contact ID" } },
    xml:
      '<iq type="result"><query xmlns="jabber:iq:gateway"><desc>Enter the user\'s screen name</desc>' +
      "<prompt>Contact ID</prompt></query></iq>",
    back: { kind: "iq", type: "result", gateway: { desc: "Enter the user's screen name", prompt: "Contact ID" } },
  },
  {
    name: "out-of-band data on its own is the iq query",
    json: { to: "a@example.com/r", oob: { url: "http://www.jabber.org/images/psa-license.jpg", desc: "License" } },
    xml:
      '<iq to="a@example.com/r" type="get"><query xmlns="jabber:iq:oob"><url>http://www.jabber.org/images/psa-license.jpg</url>' +
      "<desc>License</desc></query></iq>",
    back: {
      kind: "iq",
      type: "get",
      to: "a@example.com/r",
      oob: { url: "http://www.jabber.org/images/psa-license.jpg", desc: "License" },
    },
  },
  {
    name: "JSON payload on its own is an iq",
    json: { payload: { datatype: "urn:example:cmd", data: ["go"] } },
    xml: '<iq type="get"><payload xmlns="urn:xmpp:json-msg:0" datatype="urn:example:cmd">["go"]</payload></iq>',
    back: { kind: "iq", type: "get", payload: { datatype: "urn:example:cmd", data: ["go"] } },
  },
  {
    name: "MAM fin with result set",
    json: { type: "result", id: "q29", result: { complete: true, page: { first: "23452-4534-1", last: "390-2342-22", count: 16 } } },
    xml:
      '<iq type="result" id="q29"><fin xmlns="urn:xmpp:mam:2" complete="true"><set xmlns="http://jabber.org/protocol/rsm">' +
      "<first>23452-4534-1</first><last>390-2342-22</last><count>16</count></set></fin></iq>",
    back: {
      kind: "iq",
      type: "result",
      id: "q29",
      result: { complete: true, page: { first: "23452-4534-1", last: "390-2342-22", count: 16 } },
    },
  },
  {
    name: "MAM query from shorthand filters and paging (empty values ignored, before='' is the last page)",
    json: { archive: { queryid: "f27", with: "juliet@capulet.lit", start: "", ids: "a,b", max: "10", before: "" } },
    xml:
      '<iq type="set"><query xmlns="urn:xmpp:mam:2" queryid="f27"><x xmlns="jabber:x:data" type="submit">' +
      '<field var="FORM_TYPE" type="hidden"><value>urn:xmpp:mam:2</value></field>' +
      '<field var="with"><value>juliet@capulet.lit</value></field>' +
      '<field var="ids"><value>a</value><value>b</value></field></x>' +
      '<set xmlns="http://jabber.org/protocol/rsm"><max>10</max><before/></set></query></iq>',
    back: {
      kind: "iq",
      type: "set",
      archive: {
        queryid: "f27",
        form: {
          type: "submit",
          fields: [
            { var: "FORM_TYPE", type: "hidden", value: "urn:xmpp:mam:2" },
            { var: "with", value: "juliet@capulet.lit" },
            { var: "ids", value: ["a", "b"] },
          ],
        },
        page: { max: 10, before: "" },
      },
    },
  },
  {
    name: "MAM query with an explicit form and page",
    json: {
      archive: {
        form: { type: "submit", fields: [{ var: "FORM_TYPE", type: "hidden", values: ["urn:xmpp:mam:2"] }, { var: "start", values: ["2010-08-07T00:00:00Z"] }] },
        page: { max: 5, after: "09af3-cc343-b409f" },
      },
    },
    xml:
      '<iq type="set"><query xmlns="urn:xmpp:mam:2"><x xmlns="jabber:x:data" type="submit">' +
      '<field var="FORM_TYPE" type="hidden"><value>urn:xmpp:mam:2</value></field>' +
      '<field var="start"><value>2010-08-07T00:00:00Z</value></field></x>' +
      '<set xmlns="http://jabber.org/protocol/rsm"><max>5</max><after>09af3-cc343-b409f</after></set></query></iq>',
    back: {
      kind: "iq",
      type: "set",
      archive: {
        form: {
          type: "submit",
          fields: [
            { var: "FORM_TYPE", type: "hidden", value: "urn:xmpp:mam:2" },
            { var: "start", value: "2010-08-07T00:00:00Z" },
          ],
        },
        page: { max: 5, after: "09af3-cc343-b409f" },
      },
    },
  },
];

export const allCases: MappingCase[] = [...addressingCases, ...messageCases, ...presenceCases, ...iqCases];
