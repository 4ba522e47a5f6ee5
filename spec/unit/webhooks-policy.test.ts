/**
 * The pure rules of webhooks: settings and their checks, routing by address, URL templates,
 * signatures (verified by the independent standardwebhooks library), the retry policy, and
 * the status → stanza error mapping of mod_rest.
 */
import xml from "@xmpp/xml";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Webhook } from "standardwebhooks";
import { ConfigError, loadConfigText } from "../../config";
import { main } from "../../main";
import { CallbackOutcome, isLanguageTag, postCallback } from "../../http/webhooks/callback";
import { replyTo } from "../../http/webhooks/reply";
import { isTransient, retryDelay } from "../../http/webhooks/retry";
import { addressEvent, selectWebhook } from "../../http/webhooks/routing";
import { webhookSettings, WebhookSettings } from "../../http/webhooks/settings";
import { webhookHeaders } from "../../http/webhooks/signature";
import { errorForStatus, statusLine } from "../../http/webhooks/status-errors";
import { renderUrl, urlFieldsOf } from "../../http/webhooks/template";

const BASE = `
[component]
jid = "rest.example.com"
secret = "component-secret"
[server]
domain = "example.com"
`;
const SECRET = `whsec_${Buffer.alloc(32, 7).toString("base64")}`;

function hooks(toml: string): WebhookSettings[] {
  return webhookSettings(loadConfigText(BASE + toml).webhook);
}

function problems(toml: string): string[] {
  try {
    hooks(toml);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe("webhook settings", () => {
  it("apply defaults: every kind and address, XML, 10 s, unsigned, 1 s to 5 min retries, dead after a day", () => {
    const [hook] = hooks('[[webhook]]\nurl = "https://hooks.example.com/x?token=abc"');
    expect(hook).toMatchObject({
      contentType: "application/xmpp+xml",
      stanzas: new Set(["message", "presence", "iq"]),
      events: new Set(["bare", "full", "host"]),
      timeoutMs: 10_000,
      signingKey: null,
      retry: { initialMs: 1000, maxMs: 300_000, deadAfterMs: 86_400_000 },
      concurrency: 8,
      iqConcurrency: 64,
    });
    // A default name that survives reordering and never shows the URL (it may hold a token).
    expect(hook.name).toMatch(/^webhook-[0-9a-f]{8}$/);
    expect(hooks('[[webhook]]\nurl = "https://other.example.com/"\n[[webhook]]\nurl = "https://hooks.example.com/x?token=abc"')[1].name).toBe(hook.name);
  });

  it("spell out content type aliases as mod_rest accepts them", () => {
    const types = ["json", "xml", "form", "application/json"].map((t) => hooks(`[[webhook]]\nurl = "http://h/"\ncontent_type = "${t}"`)[0].contentType);
    expect(types).toEqual(["application/json", "application/xmpp+xml", "application/x-www-form-urlencoded", "application/json"]);
  });

  it("decode a Standard Webhooks secret, with or without its whsec_ prefix", () => {
    const key = Buffer.alloc(32, 7);
    expect(hooks(`[[webhook]]\nurl = "http://h/"\nsecret = "${SECRET}"`)[0].signingKey).toEqual(key);
    expect(hooks(`[[webhook]]\nurl = "http://h/"\nsecret = "${key.toString("base64")}"`)[0].signingKey).toEqual(key);
  });

  it("refuse a secret that is not base64 of 24 to 64 bytes, naming the key and how to make one", () => {
    for (const secret of ["whsec_not*base64!", `whsec_${Buffer.alloc(16).toString("base64")}`, "correct horse battery staple"]) {
      const found = problems(`[[webhook]]\nurl = "http://h/"\nsecret = "${secret}"`);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(/^webhook\[0\]\.secret: expected "whsec_" followed by the base64 of 24 to 64 random bytes/);
      expect(found[0]).not.toContain(secret); // never echoes a secret
    }
  });

  it("refuse two webhooks with one name, and retry_max below retry_initial", () => {
    expect(problems('[[webhook]]\nurl = "http://a/"\nname = "x"\n[[webhook]]\nurl = "http://b/"\nname = "x"')).toEqual([
      'webhook[1].name: "x" is also the name of webhook[0]; give each [[webhook]] its own name',
    ]);
    expect(problems('[[webhook]]\nurl = "http://a/"\nretry_initial = "10s"\nretry_max = "1s"')).toEqual([
      "webhook[0].retry_max: expected at least retry_initial (10000 ms), got 1000 ms",
    ]);
  });

  it("are checked by xmpp-rest check-config, which exits 1", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "xmpp-rest-webhooks-")), "config.toml");
    writeFileSync(path, BASE + '[[webhook]]\nurl = "http://h/"\nsecret = "too-short-secret"');
    const error = jest.spyOn(console, "error").mockImplementation(() => {});
    try {
      expect(await main(["check-config", path])).toBe(1);
      expect(error.mock.calls[0][0]).toContain("webhook[0].secret: expected");
    } finally {
      error.mockRestore();
    }
  });
});

describe("routing", () => {
  it.each([
    ["bot@rest.localhost", "bare"],
    ["bot@rest.localhost/desk", "full"],
    ["rest.localhost", "host"],
    ["rest.localhost/res@ource", "host"],
    ["bot@rest.localhost/a@b", "full"],
  ])("%s is a %s address", (to, event) => {
    expect(addressEvent(to)).toBe(event);
  });

  it("picks the first webhook whose kinds and addresses include the stanza", () => {
    const [iqOnly, bare, any] = hooks(`
[[webhook]]
url = "http://iq/"
stanzas = ["iq"]
[[webhook]]
url = "http://bare/"
events = ["bare"]
[[webhook]]
url = "http://any/"
`);
    const to = (name: string, jid: string) => selectWebhook([iqOnly, bare, any], xml(name, { to: jid }))?.url;
    expect(to("iq", "bot@rest.localhost")).toBe("http://iq/");
    expect(to("message", "bot@rest.localhost")).toBe("http://bare/");
    expect(to("message", "bot@rest.localhost/x")).toBe("http://any/");
    expect(selectWebhook([iqOnly, bare], xml("presence", { to: "rest.localhost" }))).toBeUndefined();
  });
});

describe("URL templates", () => {
  it("fill in kind, type, to and from, URL-encoded, and an empty type when there is none", () => {
    const template = "https://h/{kind}/{type}?to={to}&from={from}&again={kind}";
    expect(renderUrl(template, urlFieldsOf(xml("message", { to: "bot@rest.localhost", from: "a b@x/r?&#" })))).toBe(
      "https://h/message/?to=bot%40rest.localhost&from=a%20b%40x%2Fr%3F%26%23&again=message",
    );
  });
});

describe("callback requests", () => {
  it.each([
    ["en", true],
    ["de-CH", true],
    ["zh-Hant-TW", true],
    ["x-klingon", true],
    ["日本", false],
    ["en\r\nX-Injected: 1", false],
    ["en_US", false],
    ["", false],
    ["verylongtag", false],
  ])("send xml:lang %j as Content-Language: %s", (lang, sent) => {
    expect(isLanguageTag(lang)).toBe(sent);
  });

  it("end with a final failure, not one to retry, when the request cannot even be built", async () => {
    // An unparseable URL stands for any request fetch refuses before sending anything.
    const [hook] = hooks('[[webhook]]\nurl = "https://hooks.example.com/x"');
    const outcome = await postCallback({
      hook: { ...hook, url: "http://[not-a-host/" },
      contentType: "application/xmpp+xml",
      stanza: xml("message", { to: "bot@rest.example.com", from: "alice@example.com/a" }),
      deliveryId: "msg_1",
      userAgent: "test",
      signal: new AbortController().signal,
    });
    expect(outcome.kind).toBe("unsendable");
    expect(isTransient(outcome)).toBe(false);
    // The sender learns at once that the message will not reach the webhook.
    const error = replyTo(xml("message", { to: "bot@rest.example.com", from: "alice@example.com/a", id: "m1" }), outcome)?.getChild("error");
    expect(error?.attrs.type).toBe("cancel");
    expect(error?.getChild("internal-server-error", "urn:ietf:params:xml:ns:xmpp-stanzas")).toBeDefined();
  });
});

describe("signatures", () => {
  it("verify with the standardwebhooks library, and fail with another body", () => {
    const key = Buffer.alloc(32, 7);
    const body = "<message><body>hi</body></message>";
    const signed = webhookHeaders(key, "msg_1", body);
    expect(signed["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const headers = { "content-type": "application/xmpp+xml", ...signed };
    expect(() => new Webhook(SECRET).verify(body, headers, { jsonParse: false })).not.toThrow();
    expect(() => new Webhook(SECRET).verify(body + " ", headers, { jsonParse: false })).toThrow();
  });

  it("still send webhook-id and webhook-timestamp without a secret, so receivers can de-duplicate", () => {
    expect(webhookHeaders(null, "msg_2", "x", 1_700_000_000_500)).toEqual({ "webhook-id": "msg_2", "webhook-timestamp": "1700000000" });
  });
});

describe("retry policy", () => {
  const response = (status: number): CallbackOutcome => ({ kind: "response", status, contentType: undefined, body: "" });

  it.each([
    [{ kind: "timeout", timeoutMs: 10 } as CallbackOutcome, true],
    [{ kind: "no-response", reason: "refused" } as CallbackOutcome, true],
    [response(500), true],
    [response(502), true],
    [response(503), true],
    [response(408), true],
    [response(429), true],
    [response(400), false],
    [response(404), false],
    [response(410), false],
    [response(200), false],
    [response(301), false],
  ])("%j is retried: %s", (outcome, transient) => {
    expect(isTransient(outcome)).toBe(transient);
  });

  const policy = { initialMs: 1000, maxMs: 60_000, deadAfterMs: 0 };

  it("doubles the delay per attempt, with up to half of it random, up to the maximum", () => {
    expect([1, 2, 3, 4].map((n) => retryDelay(n, policy, 0, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((n) => retryDelay(n, policy, 0, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelay(40, policy, 0, () => 1)).toBe(60_000);
  });

  it("honours Retry-After up to the maximum", () => {
    expect(retryDelay(1, policy, 30_000, () => 0)).toBe(30_000);
    expect(retryDelay(1, policy, 3_600_000, () => 0)).toBe(60_000);
  });
});

describe("status → stanza error (mod_rest's observed table)", () => {
  it.each([
    [[400, 411, 416, 422], "modify", "bad-request"],
    [[401], "auth", "not-authorized"],
    [[402], "auth", "payment-required"],
    [[403, 451], "auth", "forbidden"],
    [[404], "cancel", "item-not-found"],
    [[405], "cancel", "not-allowed"],
    [[406], "modify", "not-acceptable"],
    [[407], "auth", "registration-required"],
    [[408, 502, 504], "wait", "remote-server-timeout"],
    [[409, 412], "cancel", "conflict"],
    [[410], "cancel", "gone"],
    [[413, 414, 431], "modify", "resource-constraint"],
    [[415, 501], "cancel", "feature-not-implemented"],
    [[423, 429, 507], "wait", "resource-constraint"],
    [[500], "wait", "internal-server-error"],
    [[503], "cancel", "service-unavailable"],
    [[301, 304, 418, 599], "cancel", "undefined-condition"],
  ])("%j → %s/%s", (statuses, type, condition) => {
    for (const status of statuses) expect(errorForStatus(status)).toEqual({ type, condition });
  });

  it("names the status line, 'Unassigned' for unregistered codes", () => {
    expect(statusLine(404)).toBe("404 Not Found");
    expect(statusLine(599)).toBe("599 Unassigned");
  });
});

describe("replies", () => {
  const original = xml("message", { from: "alice@localhost/a", to: "bot@rest.localhost", id: "m1", type: "chat" });
  const ok = (contentType: string, body: string): CallbackOutcome => ({ kind: "response", status: 200, contentType, body });

  it("never answer a result or an error", () => {
    const error = xml("message", { ...original.attrs, type: "error" });
    expect(replyTo(error, ok("text/plain", "hi"))).toBeNull();
    expect(replyTo(error, { kind: "timeout", timeoutMs: 1 })).toBeNull();
  });

  it("do not take a root in a foreign namespace for a stanza", () => {
    const reply = replyTo(original, ok("application/xmpp+xml", "<message xmlns='urn:example'><body>x</body></message>"))!;
    expect(reply.getChild("body")).toBeUndefined();
    expect(reply.attrs).toMatchObject({ type: "chat", to: "alice@localhost/a" });
  });

  it("go to the room itself for group chat", () => {
    const groupchat = xml("message", { from: "lab@conference.localhost/alice", to: "bot@rest.localhost/x", id: "g1", type: "groupchat" });
    expect(replyTo(groupchat, ok("application/json", '{"type":"groupchat","body":"hi"}'))!.attrs.to).toBe("lab@conference.localhost");
  });
});
