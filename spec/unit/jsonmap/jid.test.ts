import { bareJid, formatJid, normalizeJid, parseJid } from "../../../component/jsonmap";

describe("parseJid", () => {
  test.each<[string, ReturnType<typeof parseJid>]>([
    ["example.com", { domain: "example.com" }],
    ["Juliet@Capulet.LIT", { local: "juliet", domain: "capulet.lit" }],
    ["juliet@capulet.lit/Balcony Scene", { local: "juliet", domain: "capulet.lit", resource: "Balcony Scene" }],
    ["capulet.lit/res/with/slashes@and@ats", { domain: "capulet.lit", resource: "res/with/slashes@and@ats" }],
    ["example.com.", { domain: "example.com" }],
    ["user@[::1]", { local: "user", domain: "[::1]" }],
    ["user@192.168.0.1", { local: "user", domain: "192.168.0.1" }],
    ["ÉLISE@Exämple.com", { local: "élise", domain: "exämple.com" }],
    ["rest_bot@my_host", { local: "rest_bot", domain: "my_host" }],
  ])("%s", (input, expected) => {
    expect(parseJid(input)).toEqual(expected);
  });

  test.each([
    "",
    "@example.com",
    "user@",
    "user@example.com/",
    "us er@example.com",
    'us"er@example.com',
    "us&er@example.com",
    "us'er@example.com",
    "us:er@example.com",
    "us<er@example.com",
    "us>er@example.com",
    "a@b@example.com",
    "exa mple.com",
    "example..com",
    ".example.com",
    "example.com:5222",
    "[not-ipv6]",
    "user@example.com/\u0007",
    "tab\t@example.com",
    "\uffff",
    "a@example.com/\ud800",
    "\ufffe@example.com",
    `${"a".repeat(1024)}@example.com`,
    `user@example.com/${"r".repeat(1024)}`,
    `${"é".repeat(512)}@example.com`,
    `${"l".repeat(64)}.example.com`,
  ])("%j is not a JID", (input) => {
    expect(parseJid(input)).toBeNull();
  });

  test("parts of exactly 1023 bytes are allowed", () => {
    expect(parseJid(`${"a".repeat(1023)}@example.com/${"r".repeat(1023)}`)).not.toBeNull();
  });
});

describe("JID strings", () => {
  test("normalizeJid", () => {
    expect(normalizeJid("Romeo@Montague.LIT/Orchard")).toBe("romeo@montague.lit/Orchard");
    expect(normalizeJid("no jid")).toBeNull();
  });

  test("bareJid of a string or a parsed JID", () => {
    expect(bareJid("Romeo@Montague.lit/Orchard")).toBe("romeo@montague.lit");
    expect(bareJid("montague.lit/service")).toBe("montague.lit");
    expect(bareJid("bad jid")).toBeNull();
    expect(bareJid({ local: "a", domain: "b", resource: "c" })).toBe("a@b");
  });

  test("formatJid", () => {
    expect(formatJid({ local: "a", domain: "b", resource: "c/d" })).toBe("a@b/c/d");
    expect(formatJid({ domain: "b" })).toBe("b");
  });
});
