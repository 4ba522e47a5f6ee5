/**
 * The spool account the server forwards users' messages to in `spool` mode. Unless the
 * configuration names one, its password is derived from the component secret, so the
 * one secret shared with the server is all an admin has to manage.
 */
import { createHmac } from "node:crypto";
import { Config, ConfigError } from "../../config";
import { parseJid } from "../jsonmap/jid";

export const DEFAULT_SPOOL_USER = "xmpp-rest-spool";

export interface SpoolAccount {
  user: string;
  jid: string;
  password: string;
}

/** The spool account a configuration names (or derives). */
export function spoolAccountOf(config: Config): SpoolAccount {
  return spoolAccount(config.server.domain, config.component.secret, { user: config.inbound.spool_user, password: config.inbound.spool_password });
}

export function spoolAccount(domain: string, componentSecret: string, configured: { user?: string; password?: string } = {}): SpoolAccount {
  const user = configured.user ?? DEFAULT_SPOOL_USER;
  const jid = `${user}@${domain}`;
  if (parseJid(jid)?.local !== user) {
    throw new ConfigError([`inbound.spool_user: expected the local part of a JID in lower case, got ${JSON.stringify(user)}`]);
  }
  return {
    user,
    jid,
    password: configured.password ?? createHmac("sha256", componentSecret).update("xmpp-rest inbound spool account").digest("base64url"),
  };
}
