/**
 * The foundation against a real Prosody: privileges, readiness across a server restart,
 * Basic and bearer auth, API keys, and a message sent as alice reaching bob's client.
 */
import jwt from "jsonwebtoken";
import { IQ_GRANTS } from "../../component/prosody-config";
import { main } from "../../main";
import { SettingsRepo } from "../../storage/settings";
import { connectClient, TestClient } from "../support/client";
import { json } from "../support/http";
import { startStack, Stack, waitFor } from "../support/stack";

let stack: Stack;
let bob: TestClient;

beforeAll(async () => {
  stack = await startStack({ server: { users: ["alice", "bob", "carol", "dave", "erin"] } });
  bob = await connectClient(stack.server, "bob");
});

afterAll(async () => {
  await bob?.stop();
  await stack?.stop();
});

function post(path: string, auth: string | null, body: unknown, headers: Record<string, string> = {}) {
  return fetch(stack.url + path, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(auth ? { Authorization: auth } : {}), ...headers },
    body: JSON.stringify(body),
  });
}

async function token(): Promise<string> {
  const res = await post("/auth/token", stack.basic("alice"), {});
  expect(res.status).toBe(201);
  return ((await json(res)) as { token: string }).token;
}

describe("readiness and privileges", () => {
  it("reports the privileges parsed from Prosody's real advertisement", async () => {
    const res = await fetch(stack.url + "/ready");
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({
      ready: true,
      component: { jid: "rest.localhost", online: true },
      privileges: { namespace: "urn:xmpp:privilege:2", roster: "both", message: "outgoing", presence: "roster" },
      inbound: { mode: "spool", spool: { jid: "xmpp-rest-spool@localhost", online: true } },
    });
    // Prosody nests these; all of them must be found.
    expect(body.privileges.iq).toMatchObject({
      "http://jabber.org/protocol/disco#info": "get",
      "urn:xmpp:ping": "get",
      "vcard-temp": "both",
      "jabber:iq:register": "both",
    });
    expect(Object.keys(body.privileges.iq).sort()).toEqual(IQ_GRANTS.map((g) => g.ns).sort());
  });

  it("answers disco#info, ping and version for the component's own JID", async () => {
    const res = await post("/rest", stack.basic("alice"), { kind: "iq", type: "get", to: "rest.localhost", disco: true }, { Accept: "application/json" });
    expect(res.status).toBe(200);
    const disco = await json(res);
    expect(disco.disco.features).toEqual(expect.arrayContaining(["urn:xmpp:ping", "jabber:iq:version"]));
    const ping = await post("/rest", stack.basic("alice"), { kind: "iq", type: "get", to: "rest.localhost", ping: true }, { Accept: "application/json" });
    expect(await json(ping)).toMatchObject({ kind: "iq", type: "result", from: "rest.localhost" });
  });
});

describe("Basic auth against the server's accounts", () => {
  it("accepts the right password with a JID or a local part as username", async () => {
    expect((await post("/auth/token", stack.basic("alice@localhost", stack.server.users.alice.password), {})).status).toBe(201);
    expect((await post("/auth/token", stack.basic("ALICE", stack.server.users.alice.password), {})).status).toBe(201);
  });

  it("refuses a wrong password, an unknown user and another domain with 401 and a challenge", async () => {
    for (const auth of [stack.basic("alice", "wrong-password"), stack.basic("nobody", "whatever"), stack.basic("alice@example.org", stack.server.users.alice.password)]) {
      const res = await post("/auth/token", auth, {});
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toContain("Basic");
      expect(await json(res)).toMatchObject({ status: 401, code: "credentials_invalid" });
    }
  });

  it("needs credentials", async () => {
    const res = await post("/auth/token", null, {});
    expect(res.status).toBe(401);
    expect(await json(res)).toMatchObject({ code: "credentials_missing" });
  });

  it("remembers a successful check: works while the server cannot be asked, a new password cannot", async () => {
    const good = stack.basic("alice");
    expect((await post("/auth/token", good, {})).status).toBe(201);
    await stack.server.halt();
    try {
      expect((await post("/auth/token", good, {})).status).toBe(201);
      const unknown = await post("/auth/token", stack.basic("alice", "not-cached"), {});
      expect(unknown.status).toBe(503);
      expect(await json(unknown)).toMatchObject({ code: "xmpp_unavailable" });
    } finally {
      await stack.server.start();
      await waitFor(() => stack.gateway.component.ready, 15_000, "the gateway to reconnect");
      bob = await connectClient(stack.server, "bob"); // the halt ended bob's session
    }
  });

  it("slows down repeated failures for one JID", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await post("/auth/token", stack.basic("carol", `guess-${i}`), {})).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    const blocked = await post("/auth/token", stack.basic("carol", stack.server.users.carol.password), {});
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("slows down parallel guesses too: only the first few reach the server", async () => {
    const statuses = await Promise.all(Array.from({ length: 20 }, (_, i) => post("/auth/token", stack.basic("dave", `parallel-${i}`), {}).then((r) => r.status)));
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
  });

  it("counts a burst with the same credentials as one attempt: a client whose cached login expired is not slowed down", async () => {
    const burst = (password: string) => Promise.all(Array.from({ length: 30 }, () => post("/auth/token", stack.basic("erin", password), {}).then((r) => r.status)));
    expect(new Set(await burst("one-wrong-password"))).toEqual(new Set([401]));
    expect(new Set(await burst(stack.server.users.erin.password))).toEqual(new Set([201]));
  });
});

describe("bearer tokens", () => {
  it("issues a token that authenticates, until it is revoked", async () => {
    const t = await token();
    expect((await fetch(stack.url + "/auth/keys", { headers: { Authorization: `Bearer ${t}` } })).status).toBe(200);
    const revoke = await fetch(stack.url + "/auth/token", { method: "DELETE", headers: { Authorization: `Bearer ${t}` } });
    expect(revoke.status).toBe(204);
    expect((await fetch(stack.url + "/auth/keys", { headers: { Authorization: `Bearer ${t}` } })).status).toBe(401);
  });

  it("refuses expired and forged tokens", async () => {
    const t = await token();
    const claims = jwt.decode(t) as jwt.JwtPayload;
    const secret = new SettingsRepo(stack.gateway.db).get("jwt_secret")!;
    const expired = jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }, secret, { algorithm: "HS256" });
    const forged = jwt.sign({ ...claims, sub: "bob@localhost" }, "not-the-secret", { algorithm: "HS256" });
    const unsigned = jwt.sign({ ...claims, sub: "bob@localhost" }, "", { algorithm: "none" });
    for (const bad of [expired, forged, unsigned, t.slice(0, -2)]) {
      expect((await fetch(stack.url + "/auth/keys", { headers: { Authorization: `Bearer ${bad}` } })).status).toBe(401);
    }
  });

  it("does not take tokens from the URL, even when the header's credentials fail", async () => {
    const t = await token();
    for (const auth of [null, stack.basic("alice", "wrong"), "Bearer not-a-token"]) {
      const res = await fetch(`${stack.url}/auth/keys?access_token=${t}`, { headers: auth ? { Authorization: auth } : {} });
      expect(res.status).toBe(401);
    }
  });

  it("only mints tokens and API keys for a password, not for a token", async () => {
    const t = await token();
    expect((await post("/auth/token", `Bearer ${t}`, {})).status).toBe(403);
    const key = await post("/auth/keys", `Bearer ${t}`, { label: "forever" });
    expect(key.status).toBe(403);
    expect(await json(key)).toMatchObject({ code: "basic_auth_required" });
  });
});

describe("API keys", () => {
  async function cli(...args: string[]): Promise<{ code: number; out: string }> {
    const lines: string[] = [];
    const log = jest.spyOn(console, "log").mockImplementation((line: string) => void lines.push(line));
    const err = jest.spyOn(console, "error").mockImplementation(() => {});
    try {
      const code = await main([...args, "--config", stack.configPath]);
      return { code, out: lines.join("\n") };
    } finally {
      log.mockRestore();
      err.mockRestore();
    }
  }
  const keysWith = (key: string) => fetch(stack.url + "/auth/keys", { headers: { Authorization: `Bearer ${key}` } });

  it("are created by the CLI (printing only the key), used as bearer, listed and revoked", async () => {
    const created = await cli("apikey", "create", "alice@localhost", "--label", "ci");
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/^xrk_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    const key = created.out;
    const id = key.split("_")[1];
    const res = await keysWith(key);
    expect(res.status).toBe(200);
    expect((await json(res)).keys).toEqual(expect.arrayContaining([expect.objectContaining({ id, jid: "alice@localhost", label: "ci", revoked_at: null })]));
    expect((await cli("apikey", "list")).out).toContain(`${id}\talice@localhost\tactive\tci`);
    expect((await cli("apikey", "revoke", id)).code).toBe(0);
    expect((await cli("apikey", "list")).out).toMatch(new RegExp(`${id}\\talice@localhost\\trevoked`));
    expect((await keysWith(key)).status).toBe(401);
    expect((await cli("apikey", "revoke", id)).code).toBe(1);
  });

  it("may be bound to a bot JID on the component's domain, but not to another domain, the server itself or a full JID", async () => {
    const bot = (await cli("apikey", "create", "bot@rest.localhost")).out;
    expect((await keysWith(bot)).status).toBe(200);
    for (const jid of ["mallory@example.org", "localhost", "alice@localhost/res"]) {
      const refused = await cli("apikey", "create", jid);
      expect(refused.code).toBe(2);
      expect(refused.out).toBe("");
    }
    expect((await keysWith((await cli("apikey", "create", "rest.localhost")).out)).status).toBe(200);
  });

  it("refuses a key with a valid id but a wrong secret", async () => {
    const key = (await cli("apikey", "create", "alice@localhost")).out;
    const wrong = key.slice(0, -4) + (key.endsWith("AAAA") ? "BBBB" : "AAAA");
    expect((await keysWith(wrong)).status).toBe(401);
  });

  it("bound to a user authenticate as that user until revoked", async () => {
    const created = await post("/auth/keys", stack.basic("alice"), { label: "script" });
    expect(created.status).toBe(201);
    const { id, key, jid } = await json(created);
    expect(jid).toBe("alice@localhost");
    expect((await json(await fetch(stack.url + "/auth/keys", { headers: { Authorization: stack.basic("alice") } }))).keys).toEqual(
      expect.arrayContaining([expect.objectContaining({ id, label: "script" })]),
    );
    const badLabel = await post("/auth/keys", stack.basic("alice"), { label: 42 });
    expect(badLabel.status).toBe(422);
    const mine = await fetch(stack.url + "/auth/keys", { headers: { Authorization: `Bearer ${key}` } });
    expect((await json(mine)).keys.map((k: { id: string }) => k.id)).toContain(id);
    // bob cannot revoke alice's key
    const foreign = await fetch(`${stack.url}/auth/keys/${id}`, { method: "DELETE", headers: { Authorization: stack.basic("bob") } });
    expect(foreign.status).toBe(404);
    expect((await fetch(`${stack.url}/auth/keys/${id}`, { method: "DELETE", headers: { Authorization: stack.basic("alice") } })).status).toBe(204);
    expect((await fetch(stack.url + "/auth/keys", { headers: { Authorization: `Bearer ${key}` } })).status).toBe(401);
  });
});

describe("POST /rest: a message as the authenticated user", () => {
  it("reaches bob's real client from alice's bare JID", async () => {
    const res = await post("/rest", stack.basic("alice"), { kind: "message", type: "chat", to: "bob@localhost", body: "hello from the slice" });
    expect(res.status).toBe(202);
    const got = await bob.waitFor((s) => s.getChildText("body") === "hello from the slice");
    expect(got.attrs).toMatchObject({ from: "alice@localhost", type: "chat" });
  });

  it("works with a token too", async () => {
    const res = await post("/rest", `Bearer ${await token()}`, { type: "chat", to: "bob@localhost", body: "via token" });
    expect(res.status).toBe(202);
    await bob.waitFor((s) => s.getChildText("body") === "via token" && s.attrs.from === "alice@localhost");
  });

  it("refuses a 'from' naming another user with 403 and sends nothing", async () => {
    const res = await post("/rest", stack.basic("alice"), { type: "chat", from: "carol@localhost", to: "bob@localhost", body: "spoofed" });
    expect(res.status).toBe(403);
    expect((await json(res)).error).toMatchObject({ condition: "not-authorized", text: "Not authorized to send stanza with requested 'from'" });
    // A later message arrives; the spoofed one never did.
    await post("/rest", stack.basic("alice"), { type: "chat", to: "bob@localhost", body: "after the spoof" });
    await bob.waitFor((s) => s.getChildText("body") === "after the spoof");
    expect(bob.received.some((s) => s.getChildText("body") === "spoofed")).toBe(false);
  });
});

describe("a server restart under the running gateway", () => {
  it("makes /ready go false, then true again within seconds, and sending works again", async () => {
    await stack.server.halt();
    await waitFor(async () => (await fetch(stack.url + "/ready")).status === 503, 5000, "/ready to report 503");
    const down = await post("/rest", stack.basic("alice"), { type: "chat", to: "bob@localhost", body: "while down" });
    expect(down.status).toBe(503);
    const restartedAt = Date.now();
    await stack.server.start();
    await waitFor(async () => (await fetch(stack.url + "/ready")).status === 200, 10_000, "/ready to report 200");
    const recovery = Date.now() - restartedAt;
    expect(recovery).toBeLessThan(5000);
    const bob2 = await connectClient(stack.server, "bob", "after-restart");
    try {
      const res = await post("/rest", stack.basic("alice"), { type: "chat", to: "bob@localhost", body: "after restart" });
      expect(res.status).toBe(202);
      await bob2.waitFor((s) => s.getChildText("body") === "after restart");
    } finally {
      await bob2.stop();
    }
  });
});
