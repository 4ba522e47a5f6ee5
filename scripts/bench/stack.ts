/**
 * What a benchmark runs against: a throwaway Prosody, the gateway in its own process
 * (so the load generator does not share its event loop), and helpers to get credentials.
 */
import { ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePorts, startTestServer, TestServer, TestServerOptions } from "../test-server";

export interface BenchStack {
  server: TestServer;
  url: string;
  /** The gateway's process id (for RSS readings). */
  pid: number;
  basic(user: string): string;
  token(user: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startBenchStack(options: { server?: TestServerOptions; toml?: string } = {}): Promise<BenchStack> {
  const server = await startTestServer(options.server);
  // The gateway reads the same inbound feed the server was set up for.
  const inbound = `[inbound]\nmode = "${server.inbound.mode}"\n`;
  const dir = mkdtempSync(join(tmpdir(), "xmpp-rest-bench-"));
  const [port] = await freePorts(1);
  const configPath = join(dir, "config.toml");
  writeFileSync(
    configPath,
    `[component]\njid = "${server.componentJid}"\nsecret = "${server.secret}"\nport = ${server.ports.component}\n` +
      `[server]\ndomain = "${server.domain}"\nc2s_port = ${server.ports.c2s}\n` +
      `[http]\nport = ${port}\n[storage]\npath = "${join(dir, "bench.sqlite")}"\n[log]\nlevel = "warn"\n${inbound}${options.toml ?? ""}`,
  );
  // tsx as a loader, not its CLI (which forks): the spawned process is the gateway itself.
  const gateway: ChildProcess = spawn(process.execPath, ["--import", "tsx", "main.ts", "--config", configPath], { stdio: ["ignore", "inherit", "inherit"] });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  while (!(await fetch(url + "/ready").then((r) => r.ok, () => false))) {
    if (Date.now() > deadline || gateway.exitCode !== null) throw new Error("the gateway did not become ready");
    await new Promise((r) => setTimeout(r, 50));
  }
  const basic = (user: string) => "Basic " + Buffer.from(`${user}:${server.users[user].password}`).toString("base64");
  return {
    server,
    url,
    pid: gateway.pid!,
    basic,
    async token(user) {
      const res = await fetch(url + "/auth/token", { method: "POST", headers: { Authorization: basic(user) } });
      return ((await res.json()) as { token: string }).token;
    },
    async stop() {
      gateway.kill("SIGTERM");
      await new Promise((r) => gateway.once("exit", r));
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
