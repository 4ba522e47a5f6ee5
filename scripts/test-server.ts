/**
 * A throwaway Prosody 0.12 (Debian `prosody` + `prosody-modules`) on free loopback
 * ports, for tests and the demo: a generated config with the gateway's component and
 * privileges (the same text `xmpp-rest init` prints), test users, no TLS, no federation.
 * It is stopped by its recorded PID only, never by name.
 *
 *   npx tsx scripts/test-server.ts        start one in the foreground; Ctrl-C stops it
 */
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import { createHash, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spoolAccount } from "../component/inbound/spool-account";
import {
  componentLua,
  FIREWALL_SCRIPT,
  InboundFeedConfigOptions,
  inboundFirewallScript,
  InboundMode,
  inboundVirtualHostLua,
  lua,
  virtualHostLua,
} from "../component/prosody-config";

export interface TestUser {
  jid: string;
  local: string;
  password: string;
}

export interface TestServerOptions {
  domain?: string;
  componentJid?: string;
  users?: string[];
  /** Extra global Lua lines (before the VirtualHost block). */
  globalConfig?: string;
  /** Extra Lua lines inside the VirtualHost block. */
  hostConfig?: string;
  /** Extra Lua lines at the end of the config (more components). */
  extraConfig?: string;
  /** How the server copies users' messages to the gateway (default spool), as `xmpp-rest init` prints it. */
  inbound?: InboundMode;
}

export interface TestServer {
  domain: string;
  componentJid: string;
  secret: string;
  host: string;
  ports: { c2s: number; component: number; http: number };
  users: Record<string, TestUser>;
  /** The inbound feed's mode and its spool account (password derived from the secret, as the gateway does). */
  inbound: { mode: InboundMode; spool: TestUser };
  dir: string;
  pid: number | undefined;
  /** ms from launch until both ports accepted connections. */
  startMs: number;
  stop(): Promise<void>;
  /** Stops the server (keeping its data) and starts it again on the same ports. */
  restart(pauseMs?: number): Promise<void>;
  /** Stops without removing the data directory; start() brings it back. */
  halt(): Promise<void>;
  start(): Promise<void>;
  log(): string;
}

const HOST = "127.0.0.1";

export function prosodyInstalled(): boolean {
  return spawnSync("prosody", ["-v"], { stdio: "ignore" }).error === undefined;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  if (!prosodyInstalled()) {
    throw new Error("Prosody is not installed. On Debian/Ubuntu: sudo apt-get install -y prosody prosody-modules");
  }
  const domain = options.domain ?? "localhost";
  const componentJid = options.componentJid ?? `rest.${domain}`;
  const secret = randomBytes(18).toString("base64url");
  const dir = mkdtempSync(join(tmpdir(), "xmpp-rest-prosody-"));
  const [c2s, component, http] = await freePorts(3);
  const users: Record<string, TestUser> = {};
  for (const local of options.users ?? ["alice", "bob", "carol"]) {
    users[local] = { local, jid: `${local}@${domain}`, password: `${local}-${randomBytes(6).toString("hex")}` };
    writeAccount(dir, domain, local, users[local].password);
  }
  const spool = spoolAccount(domain, secret);
  writeAccount(dir, domain, spool.user, spool.password);
  const feed: InboundFeedConfigOptions = { mode: options.inbound ?? "spool", domain, componentJid, spoolJid: spool.jid };
  const firewallScript = inboundFirewallScript(feed);
  if (firewallScript !== null) writeFileSync(join(dir, FIREWALL_SCRIPT), firewallScript);
  mkdirSync(join(dir, "certs"), { recursive: true });
  const configPath = join(dir, "prosody.cfg.lua");
  writeFileSync(configPath, prosodyConfig({ dir, domain, componentJid, secret, c2s, component, http, feed, options }));

  let child: ChildProcess | null = null;
  const server: TestServer = {
    domain,
    componentJid,
    secret,
    host: HOST,
    ports: { c2s, component, http },
    users,
    inbound: { mode: feed.mode, spool: { local: spool.user, jid: spool.jid, password: spool.password } },
    dir,
    pid: undefined,
    startMs: 0,
    async start() {
      const t0 = Date.now();
      child = spawn("prosody", ["--config", configPath, "-F"], { stdio: ["ignore", "ignore", "ignore"] });
      // If whoever started it dies without stopping it (a crashed script), it goes too.
      const launched = child;
      const killOnExit = () => launched.kill("SIGKILL");
      process.once("exit", killOnExit);
      launched.once("exit", () => process.off("exit", killOnExit));
      server.pid = child.pid;
      writeFileSync(join(dir, "launcher.pid"), String(child.pid));
      await waitForPorts([component, c2s], () => child?.exitCode !== null, () => server.log());
      server.startMs = Date.now() - t0;
    },
    async halt() {
      if (child) await stopProcess(child);
      child = null;
    },
    async stop() {
      await server.halt();
      rmSync(dir, { recursive: true, force: true });
    },
    async restart(pauseMs = 0) {
      await server.halt();
      if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
      await server.start();
    },
    log() {
      try {
        return require("node:fs").readFileSync(join(dir, "prosody.log"), "utf8") as string;
      } catch {
        return "";
      }
    },
  };
  await server.start();
  return server;
}

interface ConfigParts {
  dir: string;
  domain: string;
  componentJid: string;
  secret: string;
  c2s: number;
  component: number;
  http: number;
  feed: InboundFeedConfigOptions;
  options: TestServerOptions;
}

function prosodyConfig({ dir, domain, componentJid, secret, c2s, component, http, feed, options }: ConfigParts): string {
  return `-- Generated by xmpp-rest-component's scripts/test-server.ts: loopback only, no TLS.
run_as_root = true
data_path = ${lua(join(dir, "data"))}
certificates = ${lua(join(dir, "certs"))}
pidfile = ${lua(join(dir, "prosody.pid"))}
log = { { levels = { min = ${lua(process.env.PROSODY_LOG_LEVEL ?? "info")} }, to = "file", filename = ${lua(join(dir, "prosody.log"))} } }
interfaces = { "${HOST}" }
local_interfaces = { "${HOST}" }
c2s_ports = { ${c2s} }
c2s_interfaces = { "${HOST}" }
component_ports = { ${component} }
component_interfaces = { "${HOST}" }
http_ports = { ${http} }
http_interfaces = { "${HOST}" }
https_ports = { }
https_interfaces = { }
s2s_ports = { }
c2s_direct_tls_ports = { }
use_dane = false
c2s_require_encryption = false
s2s_require_encryption = false
allow_unencrypted_plain_auth = true
authentication = "internal_hashed"
storage = "internal"
component_conflict_resolve = "kick_old"
allow_registration = false
archive_expires_after = "1d"
default_archive_policy = true
-- Internal storage caps archives at 10,000 items per user; past that mod_mam rewrites
-- the archive file for every message and Prosody crawls (benchmarks reach it in seconds).
storage_archive_item_limit = 10000000
modules_enabled = {
	"roster"; "saslauth"; "disco"; "ping"; "version"; "time"; "uptime"; "lastactivity";
	"carbons"; "mam"; "vcard4"; "vcard_legacy"; "pep"; "bookmarks"; "private"; "offline";
	"blocklist"; "register"; "admin_adhoc"; "smacks";
	"privilege"; "firewall";
}
modules_disabled = { "s2s"; "dialback"; "tls" }

${options.globalConfig ?? ""}

VirtualHost ${lua(domain)}
${virtualHostLua({ componentJid, secret })}
${inboundVirtualHostLua(feed)}
${options.hostConfig ?? ""}

Component ${lua(`conference.${domain}`)} "muc"
	modules_enabled = { "muc_mam" }
	restrict_room_creation = false

Component ${lua(`upload.${domain}`)} "http_file_share"
	http_host = "${HOST}"
	http_external_url = "http://${HOST}:${http}/"
	http_file_share_size_limit = 1024 * 1024

${componentLua({ componentJid, secret })}
${options.extraConfig ?? ""}
`;
}

/** Writes a Prosody internal_hashed account file directly (prosodyctl takes ~40 ms per user). */
function writeAccount(dir: string, domain: string, local: string, password: string): void {
  const salt = randomBytes(12).toString("hex");
  const iterations = 4096;
  const salted = pbkdf2Sync(password, salt, iterations, 20, "sha1");
  const clientKey = createHmac("sha1", salted).update("Client Key").digest();
  const storedKey = createHash("sha1").update(clientKey).digest("hex");
  const serverKey = createHmac("sha1", salted).update("Server Key").digest("hex");
  const accounts = join(dir, "data", prosodyEncode(domain), "accounts");
  mkdirSync(accounts, { recursive: true });
  writeFileSync(
    join(accounts, `${prosodyEncode(local)}.dat`),
    `return {\n\t["server_key"] = "${serverKey}";\n\t["salt"] = "${salt}";\n\t["iteration_count"] = ${iterations};\n\t["stored_key"] = "${storedKey}";\n};\n`,
  );
}

/** Prosody's datamanager escapes every non-alphanumeric byte of store names as %xx. */
function prosodyEncode(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<net.Server>((resolve, reject) => {
      const s = net.createServer();
      s.once("error", reject);
      s.listen(0, HOST, () => resolve(s));
    })),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

async function waitForPorts(ports: number[], exited: () => boolean, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (exited()) throw new Error(`prosody exited during start-up:\n${log().split("\n").slice(-20).join("\n")}`);
    if ((await Promise.all(ports.map(portOpen))).every(Boolean)) return;
    await new Promise((r) => setTimeout(r, 15));
  }
  throw new Error(`prosody did not open ports ${ports.join(", ")} within 15 s`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

if (require.main === module) {
  void (async () => {
    const server = await startTestServer({ users: process.argv.slice(2).length ? process.argv.slice(2) : undefined });
    console.log(JSON.stringify({ ...server, stop: undefined, restart: undefined, halt: undefined, start: undefined, log: undefined }, null, 2));
    console.log(`prosody pid ${server.pid}, ready in ${server.startMs} ms; Ctrl-C stops it`);
    const stop = () => void server.stop().then(() => process.exit(0));
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  })();
}
