import { allowsIq, parsePrivilegeAdvertisement } from "../../component/privilege";
import { parseStanzaXml as parseTestXml } from "../../component/xml/parse";

describe("privilege advertisement", () => {
  it("collects Prosody's nested <namespace/> elements (urn:xmpp:privilege:2)", () => {
    const message = parseTestXml(`<message from='localhost' to='rest.localhost'><privilege xmlns='urn:xmpp:privilege:2'>
      <perm access='roster' type='both'/><perm access='message' type='outgoing'/><perm access='presence' type='roster'/>
      <perm access='iq'><namespace ns='http://jabber.org/protocol/disco#info' type='get'><namespace ns='http://jabber.org/protocol/commands' type='set'><namespace ns='vcard-temp' type='both'/></namespace></namespace></perm>
      </privilege></message>`);
    const p = parsePrivilegeAdvertisement(message)!;
    expect(p).toEqual({
      namespace: "urn:xmpp:privilege:2",
      roster: "both",
      message: "outgoing",
      presence: "roster",
      iq: { "http://jabber.org/protocol/disco#info": "get", "http://jabber.org/protocol/commands": "set", "vcard-temp": "both" },
    });
    expect(allowsIq(p, "vcard-temp", "set")).toBe(true);
    expect(allowsIq(p, "http://jabber.org/protocol/disco#info", "set")).toBe(false);
    expect(allowsIq(p, "urn:xmpp:mam:2", "get")).toBe(false);
  });

  it("reads ejabberd's urn:xmpp:privilege:1, where ungranted permissions say type='none'", () => {
    const message = parseTestXml(`<message to='rest.localhost' from='localhost'><privilege xmlns='urn:xmpp:privilege:1'>
      <perm type='outgoing' access='message'/><perm type='none' access='roster'/><perm type='roster' access='presence'/></privilege></message>`);
    expect(parsePrivilegeAdvertisement(message)).toEqual({ namespace: "urn:xmpp:privilege:1", roster: "none", message: "outgoing", presence: "roster", iq: {} });
  });

  it("ignores other messages", () => {
    expect(parsePrivilegeAdvertisement(parseTestXml(`<message from='localhost'><privilege xmlns='urn:example'/></message>`))).toBeNull();
  });
});
