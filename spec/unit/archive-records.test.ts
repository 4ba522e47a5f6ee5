/** How a message stanza becomes an archive row, or a live-only event, or nothing. */
import { archiveRecord, handlingOf } from "../../component/inbound/message-record";
import { parseStanzaXml } from "../../component/xml/parse";

const stanza = (text: string) => parseStanzaXml(text);

describe("handlingOf", () => {
  it.each([
    ["a chat message with a body", "<message type='chat'><body>hi</body></message>", "archive"],
    ["a normal message with only a subject", "<message><subject>Re: plans</subject></message>", "archive"],
    ["a chat state", "<message type='chat'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>", "live"],
    ["a receipt", "<message><received xmlns='urn:xmpp:receipts' id='x'/></message>", "live"],
    ["a chat marker", "<message><displayed xmlns='urn:xmpp:chat-markers:0' id='x'/></message>", "live"],
    ["a room's subject, sent on every join", "<message type='groupchat'><subject>Lab</subject></message>", "live"],
    ["a PEP event", "<message type='headline'><event xmlns='http://jabber.org/protocol/pubsub#event'/></message>", "ignore"],
    ["an error bounce, even with a body", "<message type='error'><body>hi</body><error type='cancel'/></message>", "ignore"],
  ])("%s: %s", (_, text, expected) => {
    expect(handlingOf(stanza(text))).toBe(expected);
  });
});

describe("archiveRecord", () => {
  const delivered = stanza(
    `<message xmlns='jabber:client' from='bob@localhost/phone' to='alice@localhost' type='chat' id='m1'>
       <body>hi</body><thread>t1</thread>
       <stanza-id xmlns='urn:xmpp:sid:0' by='mallory@localhost' id='not-alices'/>
       <stanza-id xmlns='urn:xmpp:sid:0' by='alice@localhost' id='alices'/>
       <origin-id xmlns='urn:xmpp:sid:0' id='o1'/>
     </message>`,
  );

  it("takes the owner's stanza-id, never another archive's", () => {
    expect(archiveRecord(delivered, "alice@localhost", "in", 5)).toMatchObject({
      owner: "alice@localhost",
      direction: "in",
      peer: "bob@localhost",
      type: "chat",
      body: "hi",
      thread: "t1",
      stanzaId: "alices",
      originId: "o1",
      messageId: "m1",
      from: "bob@localhost/phone",
      to: "alice@localhost",
      timestamp: 5,
    });
    // bob's copy of the same stanza: alice's archive id is not his, and the peer is alice.
    expect(archiveRecord(delivered, "bob@localhost", "out", 5)).toMatchObject({ peer: "alice@localhost", stanzaId: null });
  });

  const delayed = (attrs: string, delayFrom: string | null, stamp = "2024-05-01T10:00:00Z") =>
    stanza(`<message ${attrs}><body>x</body><delay xmlns='urn:xmpp:delay' ${delayFrom === null ? "" : `from='${delayFrom}'`} stamp='${stamp}'/></message>`);
  const chatFromBob = "from='bob@example.org/phone' to='alice@localhost'";
  const roomMessage = "from='lab@conference.localhost/bob' to='alice@localhost/web' type='groupchat'";

  it("uses the time in the server's <delay> (offline storage) when there is one", () => {
    expect(archiveRecord(delayed(chatFromBob, "localhost"), "alice@localhost", "in", 5).timestamp).toBe(Date.parse("2024-05-01T10:00:00Z"));
    expect(archiveRecord(delayed(chatFromBob, "localhost", "yesterday"), "alice@localhost", "in", 5).timestamp).toBe(5);
  });

  it("uses the room's <delay> (its history) for group chat", () => {
    expect(archiveRecord(delayed(roomMessage, "lab@conference.localhost"), "alice@localhost", "in", 5).timestamp).toBe(Date.parse("2024-05-01T10:00:00Z"));
  });

  it.each([
    ["without from, as a sender writes it", chatFromBob, null],
    ["from the sender", chatFromBob, "bob@example.org"],
    ["from the sender's server", chatFromBob, "example.org"],
    ["from an occupant of the room", roomMessage, "lab@conference.localhost/bob"],
    ["from another room", roomMessage, "other@conference.localhost"],
    ["from a room, on a message that is not group chat", chatFromBob, "lab@conference.localhost"],
  ])("ignores a <delay> %s: the time of receipt counts", (_, attrs, delayFrom) => {
    expect(archiveRecord(delayed(attrs, delayFrom), "alice@localhost", "in", 5).timestamp).toBe(5);
  });

  it("ignores a sender's <delay> far in the future, which retention would never purge", () => {
    expect(archiveRecord(delayed(chatFromBob, "bob@example.org", "2999-01-01T00:00:00Z"), "alice@localhost", "in", 5).timestamp).toBe(5);
  });

  it("files a room message under the room, with the room's stanza-id", () => {
    const room = stanza(
      "<message from='lab@conference.localhost/bob' to='alice@localhost/web' type='groupchat' id='g1'><body>x</body><stanza-id xmlns='urn:xmpp:sid:0' by='lab@conference.localhost' id='room-archive-id'/></message>",
    );
    expect(archiveRecord(room, "alice@localhost", "in", 5)).toMatchObject({ peer: "lab@conference.localhost", stanzaId: "room-archive-id", type: "groupchat" });
  });
});
