import { ExpiringCache } from "../../component/services/expiring-cache";
import { StanzaError } from "../../component/errors";
import { ProfileCache, profileOf } from "../../component/services/profile";
import type { Logger } from "../../log";
import { parseStanzaXml } from "../../component/xml/parse";

const vcard = (inner: string) => parseStanzaXml(`<iq type='result'><vCard xmlns='vcard-temp'>${inner}</vCard></iq>`).getChild("vCard", "vcard-temp");

describe("profileOf", () => {
  it.each([
    ["FN and an EMAIL with USERID", "<FN> Alice Liddell </FN><NICKNAME>al</NICKNAME><EMAIL><INTERNET/><USERID>alice@example.org</USERID></EMAIL>", { name: "Alice Liddell", email: "alice@example.org" }],
    ["the nickname without FN", "<NICKNAME>al</NICKNAME>", { name: "al", email: null }],
    ["given and family names without FN or nickname", "<N><FAMILY>Liddell</FAMILY><GIVEN>Alice</GIVEN></N>", { name: "Alice Liddell", email: null }],
    ["an old-style EMAIL with the address as its text, after an empty one", "<FN/><EMAIL><USERID/></EMAIL><EMAIL>a@example.org</EMAIL>", { name: null, email: "a@example.org" }],
    ["an empty vCard", "", { name: null, email: null }],
  ])("reads %s", (_, inner, expected) => {
    expect(profileOf(vcard(inner))).toEqual(expected);
  });

  it("is empty without a vCard", () => {
    expect(profileOf(undefined)).toEqual({ name: null, email: null });
  });
});

describe("ExpiringCache", () => {
  it("reads once for concurrent callers, keeps the value until it expires, and does not keep failures", async () => {
    let reads = 0;
    let fail = true;
    const cache = new ExpiringCache(async (key) => {
      reads++;
      await new Promise((r) => setTimeout(r, 5));
      if (fail) throw new Error("server busy");
      return `${key}:${reads}`;
    }, 50);
    await expect(cache.get("a")).rejects.toThrow("server busy");
    fail = false;
    expect(await Promise.all([cache.get("a"), cache.get("a")])).toEqual(["a:2", "a:2"]);
    expect(await cache.get("a")).toBe("a:2");
    await new Promise((r) => setTimeout(r, 60));
    expect(await cache.get("a")).toBe("a:3");
    expect(await cache.refresh("a")).toBe("a:4");
  });

  it("keeps each value as long as its own time to live says", async () => {
    let reads = 0;
    const cache = new ExpiringCache(async (key) => `${key}:${++reads}`, (value) => (value.startsWith("short") ? 20 : 60_000));
    await cache.get("short");
    await cache.get("long");
    await new Promise((r) => setTimeout(r, 30));
    expect(await cache.get("short")).toBe("short:3");
    expect(await cache.get("long")).toBe("long:2");
  });

  it("drops the least recently read entry past its size", async () => {
    let reads = 0;
    const cache = new ExpiringCache(async (key) => `${key}:${++reads}`, 60_000, 2);
    await cache.get("a");
    await cache.get("b");
    await cache.get("c");
    expect(await cache.get("b")).toBe("b:2");
    expect(await cache.get("a")).toBe("a:4");
  });
});

describe("ProfileCache", () => {
  const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };

  it("keeps a user without a vCard as empty, but asks again after any other failure", async () => {
    const asked: string[] = [];
    const failures: Record<string, Error> = {
      "nocard@localhost": new StanzaError("item-not-found", "cancel"),
      "busy@localhost": new Error("timed out"),
    };
    const profiles = new ProfileCache({
      iqAs: async (user, iq) => {
        asked.push(user);
        expect(iq.attrs).toMatchObject({ type: "get", to: user });
        if (failures[user]) throw failures[user];
        return parseStanzaXml(`<iq type='result'><vCard xmlns='vcard-temp'><FN>Ann</FN></vCard></iq>`);
      },
      ttlMs: 60_000,
      log: quiet,
    });
    for (let i = 0; i < 2; i++) {
      expect(await profiles.get("ann@localhost")).toEqual({ name: "Ann", email: null });
      expect(await profiles.get("nocard@localhost")).toEqual({ name: null, email: null });
      expect(await profiles.get("busy@localhost")).toEqual({ name: null, email: null });
    }
    expect(asked).toEqual(["ann@localhost", "nocard@localhost", "busy@localhost", "busy@localhost"]);
  });
});
