/**
 * An event stream lives only as long as the credential that opened it: a revoked or
 * expired token, or a revoked API key (also revoked by the CLI, another process), closes
 * it at the next heartbeat; a ticket bought with a token revoked since is refused.
 */
import { main } from "../../main";
import { connectSse } from "../../scripts/sse-client";
import { startStack, Stack } from "../support/stack";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ toml: '[sse]\nheartbeat = "300ms"\n' });
});

afterAll(async () => {
  await stack?.stop();
});

async function token(): Promise<string> {
  return stack.token("alice");
}

async function openStream(authorization: string) {
  const stream = await connectSse(`${stack.url}/sparkweb/sse`, { headers: { Authorization: authorization } });
  await stream.waitFor((e) => e.event === "onLive");
  return stream;
}

describe("event streams and their credentials", () => {
  it("end soon after the token that opened them is revoked", async () => {
    const t = await token();
    const stream = await openStream(`Bearer ${t}`);
    await new Promise((r) => setTimeout(r, 700)); // heartbeats pass while the token holds
    expect(stream.ended).toBe(false);
    expect((await fetch(stack.url + "/auth/token", { method: "DELETE", headers: { Authorization: `Bearer ${t}` } })).status).toBe(204);
    await stream.waitForEnd(2000);
  });

  it("end soon after the API key that opened them is revoked by the CLI", async () => {
    const lines: string[] = [];
    const log = jest.spyOn(console, "log").mockImplementation((line: string) => void lines.push(line));
    await main(["apikey", "create", "alice@localhost", "--config", stack.configPath]);
    log.mockRestore();
    const key = lines[0];
    const stream = await openStream(`Bearer ${key}`);
    expect(await main(["apikey", "revoke", key.split("_")[1], "--config", stack.configPath])).toBe(0);
    await stream.waitForEnd(2000);
  });

  it("refuse a ticket whose token was revoked after it was issued", async () => {
    const t = await token();
    const issued = await fetch(stack.url + "/sparkweb/api/rest/sse/ticket", { method: "POST", headers: { Authorization: `Bearer ${t}` } });
    const { ticket } = (await issued.json()) as { ticket: string };
    await fetch(stack.url + "/auth/token", { method: "DELETE", headers: { Authorization: `Bearer ${t}` } });
    const res = await fetch(`${stack.url}/sparkweb/sse?ticket=${ticket}`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: "ticket_invalid" });
  });

  it("stay open for Basic credentials, which cannot be re-checked without the password", async () => {
    const stream = await openStream(stack.basic("alice"));
    await new Promise((r) => setTimeout(r, 700));
    expect(stream.ended).toBe(false);
    stream.close();
  });
});
