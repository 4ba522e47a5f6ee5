import { preferredOf } from "../../http/rest/negotiate";

const OUT = ["application/xmpp+xml", "application/json", "application/x-www-form-urlencoded"];

describe("content negotiation", () => {
  it.each([
    [undefined, "application/xmpp+xml"],
    ["*/*", "application/xmpp+xml"],
    ["application/json", "application/json"],
    ["text/html, application/json", "application/json"],
    // mod_rest takes the first listed; q-values decide here
    ["application/xmpp+xml;q=0.1, application/json", "application/json"],
    ["application/json;q=0.1, application/xmpp+xml;q=1", "application/xmpp+xml"],
    ["application/json;q=0.5, */*", "application/xmpp+xml"],
    ["application/json, application/x-www-form-urlencoded", "application/json"],
    ["application/x-www-form-urlencoded;q=0.9, application/json;q=0.8", "application/x-www-form-urlencoded"],
    ["application/json;q=0", "application/xmpp+xml"],
    ["text/plain", "application/xmpp+xml"],
  ])("Accept %s gives %s", (accept, expected) => {
    expect(preferredOf(accept, OUT, OUT[0])).toBe(expected);
  });

  it("puts the default first on ties", () => {
    expect(preferredOf("application/*", ["application/json", ...OUT], "application/json")).toBe("application/json");
  });
});
