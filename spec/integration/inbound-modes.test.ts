/**
 * The other inbound modes against a real Prosody: `forward` (copies straight to the
 * component, lost while it is down) and `none` (only the gateway's own sends are archived).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import xml from "@xmpp/xml";
import { FIREWALL_SCRIPT } from "../../component/prosody-config";
import { main } from "../../main";
import { connectClient, TestClient } from "../support/client";
import { startStack, Stack, waitFor } from "../support/stack";

const ALICE = "alice@localhost";
const BOB = "bob@localhost";

function chat(to: string, id: string, body: string) {
  return xml("message", { to, type: "chat", id }, xml("body", {}, body));
}

async function printedFirewallScript(stack: Stack): Promise<{ code: number; out: string }> {
  let out = "";
  const write = jest.spyOn(process.stdout, "write").mockImplementation((text) => ((out += String(text)), true));
  const error = jest.spyOn(console, "error").mockImplementation(() => {});
  try {
    return { code: await main(["init", "--firewall-script", "--config", stack.configPath]), out };
  } finally {
    write.mockRestore();
    error.mockRestore();
  }
}

async function postAs(stack: Stack, user: string, body: unknown): Promise<number> {
  const res = await fetch(stack.url + "/rest", {
    method: "POST",
    headers: { Authorization: stack.basic(user), "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return res.status;
}

describe("forward mode", () => {
  let stack: Stack;
  let bob: TestClient;

  beforeAll(async () => {
    stack = await startStack({ server: { inbound: "forward" } });
    bob = await connectClient(stack.server, "bob", "phone");
  });

  afterAll(async () => {
    await bob?.stop();
    await stack?.stop();
  });

  it("runs the rule `xmpp-rest init --firewall-script` prints", async () => {
    const printed = await printedFirewallScript(stack);
    expect(printed.code).toBe(0);
    expect(printed.out).toBe(readFileSync(join(stack.server.dir, FIREWALL_SCRIPT), "utf8"));
    expect(printed.out).toContain("FORWARD=rest.localhost");
  });

  it("archives bob's message for alice, with the stanza-id, straight from the component stream", async () => {
    expect(stack.gateway.inbound.spool).toBeNull();
    await bob.send(chat(ALICE, "fw-1", "forwarded to the component"));
    await waitFor(() => stack.gateway.archive.search(ALICE, { limit: 10 }).some((m) => m.messageId === "fw-1"), 5000, "the archived copy");
    const [row] = stack.gateway.archive.search(ALICE, { keywords: "forwarded component", limit: 10 });
    expect(row).toMatchObject({ owner: ALICE, direction: "in", peer: BOB, messageId: "fw-1", stanzaId: expect.any(String) });
  });

  it("loses what arrives while the gateway is down (the trade-off spool mode removes)", async () => {
    await stack.restartGateway(async () => {
      await bob.send(chat(ALICE, "fw-down", "while the gateway is down"));
      await bob.xmpp.iqCaller.request(xml("iq", { type: "get", to: "localhost" }, xml("ping", { xmlns: "urn:xmpp:ping" })));
    });
    await bob.send(chat(ALICE, "fw-up", "after the restart"));
    await waitFor(() => stack.gateway.archive.search(ALICE, { limit: 10 }).some((m) => m.messageId === "fw-up"), 5000, "the next message");
    expect(stack.gateway.archive.search(ALICE, { limit: 10 }).some((m) => m.messageId === "fw-down")).toBe(false);
  });
});

describe("none mode", () => {
  let stack: Stack;
  let bob: TestClient;
  let alice: TestClient;

  beforeAll(async () => {
    stack = await startStack({ server: { inbound: "none" } });
    bob = await connectClient(stack.server, "bob", "phone");
    alice = await connectClient(stack.server, "alice", "desktop");
  });

  afterAll(async () => {
    await bob?.stop();
    await alice?.stop();
    await stack?.stop();
  });

  it("installs no rule and prints none", async () => {
    expect(existsSync(join(stack.server.dir, FIREWALL_SCRIPT))).toBe(false);
    expect((await printedFirewallScript(stack)).code).toBe(1);
  });

  it("archives only what the gateway sends as a user", async () => {
    await bob.send(chat(ALICE, "none-in", "not seen by the gateway"));
    await alice.waitFor((s) => s.attrs.id === "none-in");
    expect(await postAs(stack, "alice", { kind: "message", type: "chat", to: BOB, id: "none-out", body: "sent through the gateway" })).toBe(202);
    await bob.waitFor((s) => s.attrs.id === "none-out");
    await new Promise((r) => setTimeout(r, 200)); // a forward, if there were one, arrives within milliseconds
    const alicesArchive = stack.gateway.archive.search(ALICE, { limit: 10 });
    expect(alicesArchive.map((m) => [m.messageId, m.direction])).toEqual([["none-out", "out"]]);
    expect(stack.gateway.archive.search(BOB, { limit: 10 })).toEqual([]);
  });
});
