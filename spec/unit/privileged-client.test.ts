import { StanzaError } from "../../component/errors";
import { IqTracker } from "../../component/iq-tracker";
import { PrivilegedClient } from "../../component/privilege";
import { Element, xml } from "../../component/stanza";

/** A server that answers every IQ at once with what `answer` makes of it; the wire is kept. */
function fakeServer(answer: (iq: Element) => Element) {
  const wire: Element[] = [];
  const iqs: IqTracker = new IqTracker(async (iq) => {
    wire.push(iq);
    setImmediate(() => iqs.handle(answer(iq)));
  });
  const client = new PrivilegedClient({ serverDomain: "localhost", send: async () => {}, iqs, maxInFlight: 4 });
  client.privileges = { namespace: "urn:xmpp:privilege:2", roster: "both", message: "outgoing", presence: "roster", iq: { "urn:xmpp:ping": "get", "http://jabber.org/protocol/disco#info": "get" } };
  return { client, wire };
}

const ping = (to: string, type = "get") => xml("iq", { type, to, id: "caller-1" }, xml("ping", { xmlns: "urn:xmpp:ping" }));
const reply = (iq: Element, type: string, ...children: Element[]) => xml("iq", { type, id: iq.attrs.id, from: iq.attrs.to, to: "rest.localhost" }, ...children);

describe("PrivilegedClient.iqAs", () => {
  it("asks the server's own domain for a ping as the component and addresses the answer to the user, with the user's id", async () => {
    const { client, wire } = fakeServer((iq) => reply(iq, "result"));
    const answer = await client.iqAs("alice@localhost", ping("localhost"), 1000);
    expect(wire[0].getChild("privileged_iq")).toBeUndefined();
    expect(wire[0].attrs).toMatchObject({ type: "get", to: "localhost" });
    expect(wire[0].attrs.id).not.toBe("caller-1");
    expect(answer.attrs).toMatchObject({ type: "result", from: "localhost", to: "alice@localhost", id: "caller-1" });
  });

  it("addresses an error answer to the user too", async () => {
    const stanzas = "urn:ietf:params:xml:ns:xmpp-stanzas";
    const { client } = fakeServer((iq) => reply(iq, "error", xml("error", { type: "cancel" }, xml("service-unavailable", { xmlns: stanzas }))));
    const failure = await client.iqAs("alice@localhost", ping("localhost"), 1000).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(StanzaError);
    expect((failure as StanzaError).condition).toBe("service-unavailable");
    expect((failure as StanzaError).stanza?.attrs).toMatchObject({ to: "alice@localhost", id: "caller-1" });
  });

  it.each([
    ["a ping to a user's client", ping("bob@localhost/phone")],
    ["a ping to another domain", ping("conference.localhost")],
    ["a query whose answer depends on who asks", xml("iq", { type: "get", to: "localhost", id: "caller-1" }, xml("query", { xmlns: "http://jabber.org/protocol/disco#info" }))],
  ])("sends %s through the privilege", async (_, iq) => {
    const { client, wire } = fakeServer((sent) => {
      const inner = sent.getChild("privileged_iq")!.getChild("iq")!;
      return reply(sent, "result", xml("privilege", { xmlns: "urn:xmpp:privilege:2" }, xml("forwarded", { xmlns: "urn:xmpp:forward:0" }, xml("iq", { type: "result", id: inner.attrs.id, to: "alice@localhost", from: inner.attrs.to }))));
    });
    const answer = await client.iqAs("alice@localhost", iq, 1000);
    expect(wire[0].attrs.to).toBe("alice@localhost");
    expect(wire[0].getChild("privileged_iq")).toBeDefined();
    expect(answer.attrs).toMatchObject({ type: "result", to: "alice@localhost", id: "caller-1" });
  });

  it("refuses a sender that is not a user of the server, whatever the query", async () => {
    const { client, wire } = fakeServer((iq) => reply(iq, "result"));
    await expect(client.iqAs("localhost", ping("localhost"), 1000)).rejects.toThrow("not a user of localhost");
    expect(wire).toEqual([]);
  });
});
