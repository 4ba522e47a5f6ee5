/**
 * Query and path parameters of the chat routes: peers (a JID, or a local part of the
 * server's domain), dates (ISO 8601 or SparkWeb's MM/dd/yy) and paging numbers. Each
 * bad value is a 400 naming the parameter and what is expected.
 */
import { bareJid, formatJid, parseJid } from "../../../component/jsonmap";
import { HttpError } from "../../errors";

/** A conversation partner's bare JID: "bob@example.com", or "bob" for a user of `domain`. */
export function peerParam(name: string, value: unknown, domain: string): string {
  return jidParam(name, value, domain, false);
}

/** A message recipient: like peerParam, but a resource is kept (a message may go to one client). */
export function recipientParam(name: string, value: unknown, domain: string): string {
  return jidParam(name, value, domain, true);
}

function jidParam(name: string, value: unknown, domain: string, keepResource: boolean): string {
  const text = single(name, value);
  const slash = text.indexOf("/");
  const bare = slash === -1 ? text : text.slice(0, slash);
  const jid = parseJid((bare.includes("@") ? bare : `${bare}@${domain}`) + (slash === -1 ? "" : text.slice(slash)));
  if (!bare || !jid || jid.local === undefined) {
    throw new HttpError(400, "invalid_jid", `${name}: expected a JID such as bob@${domain} (or a user name of ${domain}), got ${JSON.stringify(text)}`);
  }
  return keepResource ? formatJid(jid) : bareJid(jid);
}

const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * A date parameter in ms. An instant is taken as is; a calendar date (MM/dd/yy as in
 * SparkWeb, or YYYY-MM-DD) means the whole day in UTC: its first ms for `start`, its last
 * for `end`, so end=01/31/24 includes January 31st.
 */
export function dateParam(name: "start" | "end", value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const text = single(name, value).trim();
  if (ISO_INSTANT.test(text)) {
    const ms = Date.parse(text);
    if (Number.isFinite(ms)) return ms;
  }
  const us = US_DATE.exec(text);
  const iso = ISO_DATE.exec(text);
  const ymd = us ? [fullYear(us[3]), Number(us[1]), Number(us[2])] : iso ? [Number(iso[1]), Number(iso[2]), Number(iso[3])] : null;
  if (ymd) {
    const [y, m, d] = ymd;
    const dayStart = Date.UTC(y, m - 1, d);
    const check = new Date(dayStart);
    if (m >= 1 && m <= 12 && check.getUTCFullYear() === y && check.getUTCMonth() === m - 1 && check.getUTCDate() === d) {
      return name === "start" ? dayStart : dayStart + 86_400_000 - 1;
    }
  }
  throw new HttpError(
    400,
    "invalid_date",
    `${name}: expected an ISO 8601 instant with a time zone (2024-01-31T09:00:00Z), a date (2024-01-31) or MM/dd/yy (01/31/24), got ${JSON.stringify(text)}`,
  );
}

/** A two-digit year as Java's SimpleDateFormat reads it: within 80 years before and 20 after now. */
function fullYear(text: string): number {
  if (text.length === 4) return Number(text);
  const now = new Date().getUTCFullYear();
  const year = Math.floor(now / 100) * 100 + Number(text);
  return year > now + 20 ? year - 100 : year <= now - 80 ? year + 100 : year;
}

/** A positive integer parameter (ids, limits); undefined when absent. */
export function intParam(name: string, value: unknown, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number | undefined {
  if (value === undefined) return undefined;
  const text = single(name, value);
  const n = /^\d{1,15}$/.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= max)) throw new HttpError(400, "invalid_parameter", `${name}: expected an integer from ${min} to ${max}, got ${JSON.stringify(text)}`);
  return n;
}

/** One string value: a repeated query parameter is an error, not a silent pick. */
export function single(name: string, value: unknown): string {
  if (typeof value !== "string") throw new HttpError(400, "invalid_parameter", `${name}: expected one value`);
  return value;
}
