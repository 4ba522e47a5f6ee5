#!/usr/bin/env node
/**
 * The `xmpp-rest` command line:
 *   xmpp-rest [--config FILE]                start the gateway
 *   xmpp-rest check-config FILE              validate a configuration without connecting
 *   xmpp-rest init [--config FILE]           print the Prosody configuration to paste
 *   xmpp-rest apikey create JID [--label L]  print a new API key (and nothing else)
 *   xmpp-rest apikey list | revoke ID
 * The config file defaults to $XMPP_REST_CONFIG or ./config.toml.
 */
import { componentLua, virtualHostLua } from "./component/prosody-config";
import { Config, ConfigError, loadConfigFile } from "./config";
import { startGateway } from "./gateway";
import { createLogger } from "./log";
import { ApiKeysRepo } from "./storage/api-keys";
import { openDatabase } from "./storage/db";

const USAGE = `usage:
  xmpp-rest [--config FILE]                 start the gateway
  xmpp-rest check-config [FILE]             validate a configuration without connecting
  xmpp-rest init [--config FILE]            print the Prosody configuration for this gateway
  xmpp-rest apikey create JID [--label L]   create an API key for a user or a bot JID; prints the key
  xmpp-rest apikey list                     list API keys (never the keys themselves)
  xmpp-rest apikey revoke ID                revoke an API key
The config file is --config FILE, else $XMPP_REST_CONFIG, else ./config.toml.`;

export async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  const configPath = takeOption(args, "--config") ?? process.env.XMPP_REST_CONFIG ?? "config.toml";
  const [command, ...rest] = args;
  if (command === "--help" || command === "-h" || command === "help") {
    console.log(USAGE);
    return 0;
  }
  try {
    switch (command) {
      case undefined:
      case "start":
        return await runGateway(loadConfigFile(configPath));
      case "check-config":
        return checkConfig(rest[0] ?? configPath);
      case "init":
        return printProsodyConfig(loadConfigFile(configPath));
      case "apikey":
        return apikey(loadConfigFile(configPath), rest);
      default:
        console.error(`unknown command: ${command}\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
}

async function runGateway(config: Config): Promise<number> {
  const gateway = await startGateway(config);
  const log = createLogger("main");
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info(`${signal} received, stopping`);
      gateway.stop().then(resolve, resolve);
    };
    process.once("SIGINT", () => stop("SIGINT"));
    process.once("SIGTERM", () => stop("SIGTERM"));
  });
  return 0;
}

function checkConfig(path: string): number {
  const config = loadConfigFile(path);
  console.log(
    `${path}: ok\n  component ${config.component.jid} at ${config.component.host}:${config.component.port}\n` +
      `  users of ${config.server.domain} (client port ${config.server.c2s_host}:${config.server.c2s_port})\n` +
      `  HTTP on ${config.http.host}:${config.http.port} (${config.http.public_url})\n` +
      `  storage ${config.storage.path}; ${config.webhook.length} webhook(s)`,
  );
  return 0;
}

function printProsodyConfig(config: Config): number {
  const options = { componentJid: config.component.jid, secret: null };
  console.log(`-- 1. Make sure "privilege" is in the global modules_enabled list
--    (Debian: apt-get install prosody-modules).
-- 2. Inside VirtualHost "${config.server.domain}":
${virtualHostLua(options)}

-- 3. At the end of the file:
${componentLua(options)}`);
  return 0;
}

function apikey(config: Config, args: string[]): number {
  const label = takeOption(args, "--label");
  const [action, arg] = args;
  const db = openDatabase(config.storage.path);
  try {
    const keys = new ApiKeysRepo(db);
    if (action === "create" && arg) {
      const jid = arg.toLowerCase();
      const domain = jid.slice(jid.indexOf("@") + 1);
      if (jid.includes("/") || (domain !== config.server.domain && domain !== config.component.jid)) {
        console.error(`${arg}: expected a bare JID of ${config.server.domain} (a user) or of ${config.component.jid} (a bot)`);
        return 2;
      }
      console.log(keys.create(jid, label).key);
      return 0;
    }
    if (action === "list") {
      for (const k of keys.list()) {
        const state = k.revoked_at ? `revoked ${new Date(k.revoked_at).toISOString()}` : "active";
        console.log(`${k.id}\t${k.jid}\t${state}\t${k.label ?? ""}`);
      }
      return 0;
    }
    if (action === "revoke" && arg) {
      if (keys.revoke(arg)) return 0;
      console.error(`no active API key with id ${arg}`);
      return 1;
    }
    console.error(USAGE);
    return 2;
  } finally {
    db.close();
  }
}

/** Removes `--name value` from args and returns the value. */
function takeOption(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i === -1) return undefined;
  const [, value] = args.splice(i, 2);
  return value;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
