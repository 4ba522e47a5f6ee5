/**
 * Starts what an integration test needs: a throwaway Prosody (scripts/test-server.ts)
 * and the gateway attached to it, with a temporary database and an HTTP port of its own.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Config, loadConfigText } from "../../config";
import { Gateway, startGateway } from "../../gateway";
import { startTestServer, TestServer, TestServerOptions } from "../../scripts/test-server";

export interface Stack {
  server: TestServer;
  gateway: Gateway;
  config: Config;
  /** The gateway's configuration as a TOML file, for CLI commands. */
  configPath: string;
  url: string;
  /** Basic Authorization header for a test user. */
  basic(user: string, password?: string): string;
  /** A fresh bearer token for a test user, from POST /auth/token. */
  token(user: string): Promise<string>;
  stop(): Promise<void>;
  /** Stops the gateway and starts a new one on the same database and server; `whileStopped` runs in between. */
  restartGateway(whileStopped?: () => Promise<void>): Promise<void>;
}

export interface StackOptions {
  server?: TestServerOptions;
  /** Extra TOML appended to the generated config. */
  toml?: string;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const server = await startTestServer(options.server);
  const dataDir = mkdtempSync(join(tmpdir(), "xmpp-rest-data-"));
  const configPath = join(dataDir, "config.toml");
  const toml = configToml(server, dataDir, options.toml ?? "");
  writeFileSync(configPath, toml);
  const config = loadConfigText(toml);
  let gateway = await startGateway(config);
  await waitFor(() => gatewayReady(gateway), 10_000, "the gateway to be ready");
  const stack: Stack = {
    server,
    gateway,
    config,
    configPath,
    url: gateway.url,
    basic(user, password = server.users[user]?.password ?? "") {
      return "Basic " + Buffer.from(`${user}:${password}`).toString("base64");
    },
    async token(user) {
      const res = await fetch(stack.url + "/auth/token", { method: "POST", headers: { Authorization: stack.basic(user) } });
      if (res.status !== 201) throw new Error(`no token for ${user}: ${res.status}`);
      return ((await res.json()) as { token: string }).token;
    },
    async stop() {
      await gateway.stop();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
    async restartGateway(whileStopped) {
      await gateway.stop();
      await whileStopped?.();
      gateway = await startGateway({ ...config, http: { ...config.http, port: Number(new URL(stack.url).port) } });
      stack.gateway = gateway;
      await waitFor(() => gatewayReady(gateway), 10_000, "the gateway to be ready");
    },
  };
  return stack;
}

function configToml(server: TestServer, dataDir: string, extra: string): string {
  return `
[component]
jid = "${server.componentJid}"
secret = "${server.secret}"
host = "${server.host}"
port = ${server.ports.component}
[server]
domain = "${server.domain}"
c2s_host = "${server.host}"
c2s_port = ${server.ports.c2s}
[http]
host = "127.0.0.1"
port = 0
public_url = "http://127.0.0.1"
[storage]
path = "${join(dataDir, "gateway.sqlite")}"
[auth]
admins = ["admin@${server.domain}"]
[log]
level = "${process.env.LOG_LEVEL ?? "error"}"
[inbound]
mode = "${server.inbound.mode}"
${extra}`;
}

/** The component is attached and, in spool mode, the inbound feed reads its spool. */
function gatewayReady(gateway: Gateway): boolean {
  return gateway.component.ready && (gateway.inbound.spool?.online ?? true);
}

/** Polls `condition` every 10 ms until it is true, or fails after `timeoutMs`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5000, what = "a condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
