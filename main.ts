#!/usr/bin/env node
/**
 * The `xmpp-rest` command line:
 *   xmpp-rest [--config FILE]                start the gateway
 *   xmpp-rest check-config FILE              validate a configuration without connecting
 *   xmpp-rest init [--config FILE]           print the Prosody configuration to paste
 *   xmpp-rest init --firewall-script         print only the mod_firewall script of the inbound feed
 *   xmpp-rest apikey create JID [--label L]  print a new API key (and nothing else)
 *   xmpp-rest apikey list | revoke ID
 *   xmpp-rest webhooks dead | replay ID|--all
 * The config file defaults to $XMPP_REST_CONFIG or ./config.toml.
 */
import { bareJid, parseJid } from "./component/jsonmap";
import { credentialKind } from "./http/auth/principal";
import { spoolAccountOf } from "./component/inbound/spool-account";
import { componentLua, FIREWALL_SCRIPT, inboundFirewallScript, InboundFeedConfigOptions, inboundVirtualHostLua, virtualHostLua } from "./component/prosody-config";
import { Config, ConfigError, loadConfigFile } from "./config";
import { startGateway } from "./gateway";
import { createLogger } from "./log";
import { deadLetterJson, replayDeadLetters, webhookSettings } from "./http/webhooks";
import { ApiKeysRepo } from "./storage/api-keys";
import { openDatabase } from "./storage/db";
import { DeadLettersRepo } from "./storage/webhook-dead-letters";

const USAGE = `usage:
  xmpp-rest [--config FILE]                 start the gateway
  xmpp-rest check-config [FILE]             validate a configuration without connecting
  xmpp-rest init [--config FILE]            print the Prosody configuration for this gateway
  xmpp-rest init --firewall-script          print only the inbound feed's mod_firewall script (a file)
  xmpp-rest apikey create JID [--label L]   create an API key for a user or a bot JID; prints the key
  xmpp-rest apikey list                     list API keys (never the keys themselves)
  xmpp-rest apikey revoke ID                revoke an API key
  xmpp-rest webhooks dead                   list webhook deliveries that gave up (dead letters)
  xmpp-rest webhooks replay ID|--all        send dead letters to their webhook again
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
        return printProsodyConfig(loadConfigFile(configPath), rest);
      case "apikey":
        return apikey(loadConfigFile(configPath), rest);
      case "webhooks":
        return webhooks(loadConfigFile(configPath), rest);
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
  webhookSettings(config.webhook); // what the config table cannot check (secrets, names)
  console.log(
    `${path}: ok\n  component ${config.component.jid} at ${config.component.host}:${config.component.port}\n` +
      `  users of ${config.server.domain} (client port ${config.server.c2s_host}:${config.server.c2s_port})\n` +
      `  HTTP on ${config.http.host}:${config.http.port} (${config.http.public_url})\n` +
      `  storage ${config.storage.path}; ${config.webhook.length} webhook(s)\n` +
      `  inbound feed: ${config.inbound.mode}${config.inbound.mode === "spool" ? ` (${inboundFeed(config).spoolJid})` : ""}`,
  );
  return 0;
}

function printProsodyConfig(config: Config, args: string[]): number {
  const spool = spoolAccountOf(config);
  const feed = inboundFeed(config, spool);
  const script = inboundFirewallScript(feed);
  if (args.includes("--firewall-script")) {
    if (script === null) {
      console.error('inbound.mode is "none": there is no firewall script');
      return 1;
    }
    process.stdout.write(script);
    return 0;
  }
  const options = { componentJid: config.component.jid, secret: null };
  const modules = { spool: '"privilege", "firewall", "mam", "offline" and "smacks" are', forward: '"privilege", "firewall" and "mam" are', none: '"privilege" is' };
  const steps = [
    `-- xmpp-rest-component for ${config.component.jid}; inbound feed: ${feed.mode} ([inbound] mode)
-- 1. Make sure ${modules[feed.mode]} in the global modules_enabled list
--    (Debian: apt-get install prosody-modules).
-- 2. Inside VirtualHost "${config.server.domain}":
${[virtualHostLua(options), inboundVirtualHostLua(feed)].filter(Boolean).join("\n")}`,
    `-- 3. At the end of the file:
${componentLua(options)}`,
  ];
  if (script !== null) {
    steps.push(`-- 4. Save these lines as ${FIREWALL_SCRIPT} beside the Prosody config file, e.g.
--    xmpp-rest init --firewall-script > /etc/prosody/${FIREWALL_SCRIPT}
${script.trimEnd().replace(/^/gm, "--    ")}`);
  }
  if (feed.mode === "spool") {
    steps.push(`-- 5. Create the spool account (its password comes from [component] secret unless
--    [inbound] spool_password sets one), then restart Prosody:
--    prosodyctl register ${spool.user} ${config.server.domain} '${spool.password.replace(/'/g, "'\\''")}'`);
  }
  console.log(steps.join("\n\n"));
  return 0;
}

function inboundFeed(config: Config, spool = spoolAccountOf(config)): InboundFeedConfigOptions {
  return { mode: config.inbound.mode, domain: config.server.domain, componentJid: config.component.jid, spoolJid: spool.jid };
}

function apikey(config: Config, args: string[]): number {
  const label = takeOption(args, "--label");
  const [action, arg] = args;
  const db = openDatabase(config.storage.path);
  try {
    const keys = new ApiKeysRepo(db);
    if (action === "create" && arg) {
      const jid = keyJid(arg, config);
      if (!jid) {
        console.error(`${arg}: expected user@${config.server.domain} (a user) or name@${config.component.jid} (a bot)`);
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

/** Dead letters: listed without their contents; a replay is picked up by the running gateway. */
function webhooks(config: Config, args: string[]): number {
  const [action, arg] = args;
  const names = new Set(webhookSettings(config.webhook).map((hook) => hook.name));
  const db = openDatabase(config.storage.path);
  try {
    const repo = new DeadLettersRepo(db);
    if (action === "dead" && arg === undefined) {
      for (const d of repo.list().map(deadLetterJson)) {
        console.log([d.id, d.webhook, d.sender, d.kind, `${d.attempts} attempt(s)`, d.dead_at, d.last_error ?? ""].join("\t"));
      }
      return 0;
    }
    if (action === "replay" && arg !== undefined && (arg === "--all" || /^[1-9]\d*$/.test(arg))) {
      const report = replayDeadLetters(repo, names, arg === "--all" ? "all" : Number(arg));
      for (const r of report.refused) {
        console.error(r.reason === "not_found" ? `no dead letter with id ${r.id}` : `dead letter ${r.id}: webhook "${r.webhook}" is not configured`);
      }
      if (report.replayed.length) {
        console.log(`replayed ${report.replayed.map((row) => row.id).join(", ")}; a running gateway delivers them within a second`);
      }
      return report.refused.length ? 1 : 0;
    }
    console.error(USAGE);
    return 2;
  } finally {
    db.close();
  }
}

/** The bare JID an API key may be bound to (see credentialKind), or null. */
function keyJid(text: string, config: Config): string | null {
  const jid = parseJid(text);
  return jid && credentialKind(jid, { server: config.server.domain, component: config.component.jid }) ? bareJid(jid) : null;
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
