/**
 * The SSE events a client sees for messages and presences: SparkWeb's names and fields,
 * JSON that survives any body (SparkWeb's broke on quotes), real presence types, and
 * ids placed so that a resume never skips part of a message's events.
 */
import { xml } from "../../component/stanza";
import { parseStanzaXml } from "../../component/xml/parse";
import { encodeEvents, messageEvents, presenceEvent, rawEvent } from "../../http/events/serialize";
import type { ArchivedMessage } from "../../storage/archive";

const alice = "alice@localhost";

function archived(overrides: Partial<ArchivedMessage> = {}): ArchivedMessage {
  return {
    id: 42,
    owner: alice,
    direction: "in",
    peer: "bob@localhost",
    type: "chat",
    body: "hi",
    subject: null,
    thread: null,
    stanzaId: "sid-1",
    originId: null,
    messageId: "m1",
    from: "bob@localhost/phone",
    to: alice,
    timestamp: Date.UTC(2024, 0, 31, 9, 0, 0),
    xml: "<message/>",
    ...overrides,
  };
}

/** Parses SSE text the way EventSource does, for these tests: blocks of fields. */
function parseFrames(text: string): { event?: string; id?: string; data?: unknown }[] {
  return text
    .split("\n\n")
    .filter(Boolean)
    .map((block) => {
      const frame: { event?: string; id?: string; data?: unknown } = {};
      for (const line of block.split("\n")) {
        const [field, ...rest] = line.split(": ");
        const value = rest.join(": ");
        if (field === "data") frame.data = JSON.parse(value);
        else if (field === "event" || field === "id") frame[field] = value;
      }
      return frame;
    });
}

describe("message events", () => {
  it("keeps quotes, backslashes, line breaks and markup in the body intact as one line of JSON", () => {
    const body = 'He said "hi" \\o/\nsecond line\r\n</data>\u2028end';
    const stanza = xml("message", { type: "chat", from: "bob@localhost/phone", to: alice, id: "m1" }, xml("body", {}, body));
    const text = encodeEvents(messageEvents({ owner: alice, direction: "in", stanza, archived: archived({ body }) }), 42);
    const [frame] = parseFrames(text);
    expect(frame).toEqual({
      event: "chatapi.chat",
      id: "42",
      data: {
        type: "chat",
        to: alice,
        from: "bob@localhost/phone",
        body,
        data: null,
        id: "m1",
        stanzaId: "sid-1",
        archiveId: 42,
        thread: null,
        subject: null,
        timestamp: "2024-01-31T09:00:00.000Z",
        direction: "in",
      },
    });
    // every data line is a single line of JSON
    expect(text.split("\n").filter((l) => l.startsWith("data: ")).length).toBe(1);
  });

  it("sends a chat state before the text, as SparkWeb does, and puts the id on the last event only", () => {
    const stanza = parseStanzaXml(
      `<message xmlns="jabber:client" type="chat" from="bob@localhost/phone" to="${alice}" id="m2"><active xmlns="http://jabber.org/protocol/chatstates"/><body>typed</body></message>`,
    );
    const frames = parseFrames(encodeEvents(messageEvents({ owner: alice, direction: "in", stanza, archived: archived({ body: "typed" }) }), 7));
    expect(frames.map((f) => [f.event, f.id])).toEqual([
      ["chatapi.chat", undefined],
      ["chatapi.chat", "7"],
    ]);
    expect(frames[0].data).toMatchObject({ state: "active", from: "bob@localhost/phone" });
    expect(frames[0].data).not.toHaveProperty("body");
  });

  it("turns a live chat state alone into one event without an id", () => {
    const stanza = parseStanzaXml(`<message xmlns="jabber:client" type="chat" from="bob@localhost/x" to="${alice}"><composing xmlns="http://jabber.org/protocol/chatstates"/></message>`);
    const text = encodeEvents(messageEvents({ owner: alice, direction: "in", stanza, archived: null }));
    expect(parseFrames(text)).toEqual([
      { event: "chatapi.chat", data: expect.objectContaining({ type: "chat", state: "composing", id: null, direction: "in" }) },
    ]);
  });

  it("gives SparkWeb's JSON payload (a Jive data property) as the data field, and notify when there is no body", () => {
    const jive = `<properties xmlns="http://www.jivesoftware.com/xmlns/xmpp/properties"><property><name>data</name><value type="string">{"action":"ring","n":1}</value></property></properties>`;
    const withBody = parseStanzaXml(`<message xmlns="jabber:client" type="chat" from="bob@localhost" to="${alice}"><body>b</body>${jive}</message>`);
    expect(messageEvents({ owner: alice, direction: "in", stanza: withBody, archived: null })[0].data.data).toEqual({ action: "ring", n: 1 });
    const bodyless = parseStanzaXml(`<message xmlns="jabber:client" from="bob@localhost" to="${alice}">${jive}</message>`);
    expect(messageEvents({ owner: alice, direction: "in", stanza: bodyless, archived: null })).toEqual([
      { event: "chatapi.notify", data: expect.objectContaining({ type: "notify", data: { action: "ring", n: 1 } }) },
    ]);
  });

  it("sends group chat as chatapi.muc with the nick, and invitations as invitationReceived", () => {
    const groupchat = xml("message", { type: "groupchat", from: "room@conference.localhost/Bob", to: alice }, xml("body", {}, "hello room"));
    expect(messageEvents({ owner: alice, direction: "in", stanza: groupchat, archived: null })).toEqual([
      { event: "chatapi.muc", data: expect.objectContaining({ type: "groupchat", nick: "Bob", body: "hello room" }) },
    ]);
    const invite = parseStanzaXml(
      `<message xmlns="jabber:client" from="bob@localhost/phone" to="${alice}"><x xmlns="jabber:x:conference" jid="room@conference.localhost" reason="join us"/></message>`,
    );
    expect(messageEvents({ owner: alice, direction: "in", stanza: invite, archived: null })).toEqual([
      { event: "chatapi.muc", data: expect.objectContaining({ type: "invitationReceived", room: "room@conference.localhost", inviter: "bob@localhost/phone", reason: "join us" }) },
    ]);
  });

  it("lets an id without events still move the client's Last-Event-ID", () => {
    expect(encodeEvents([], 9)).toBe("id: 9\n\n");
  });

  it("carries the raw stanza as base64 of its UTF-8 XML", () => {
    const event = rawEvent('<message><body>é "x"</body></message>');
    expect(Buffer.from(event.data.xmpp as string, "base64").toString("utf8")).toBe('<message><body>é "x"</body></message>');
  });
});

describe("presence events", () => {
  it("tells unavailable from available, with show, status and priority", () => {
    const away = parseStanzaXml(`<presence xmlns="jabber:client" from="bob@localhost/phone" to="rest.localhost"><show>away</show><status>lunch "soon"</status><priority>5</priority></presence>`);
    expect(presenceEvent(alice, away)).toEqual({
      event: "chatapi.presence",
      data: expect.objectContaining({ type: "presence", to: alice, from: "bob@localhost/phone", show: "away", status: 'lunch "soon"', presenceType: "available", priority: 5 }),
    });
    const gone = xml("presence", { from: "bob@localhost/phone", type: "unavailable" });
    expect(presenceEvent(alice, gone).data).toMatchObject({ show: "unavailable", presenceType: "unavailable", status: null, priority: 0 });
    const plain = xml("presence", { from: "bob@localhost/phone" });
    expect(presenceEvent(alice, plain).data).toMatchObject({ show: "available", presenceType: "available" });
  });
});
