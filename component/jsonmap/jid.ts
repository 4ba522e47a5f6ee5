/**
 * JID parsing and normalisation after RFC 7622, without full PRECIS: NFC everywhere, case-folded
 * localpart and domainpart (UsernameCaseMapped / IDNA lower case), resource kept as is.
 */
import { isIPv6 } from "node:net";

export interface Jid {
  local?: string;
  domain: string;
  resource?: string;
}

const MAX_PART_BYTES = 1023;
const MAX_LABEL_BYTES = 63;
/** Controls, lone surrogates and the noncharacters U+FFFE/U+FFFF (which XML cannot carry either). */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\ud800-\udfff\ufffe\uffff]/u;
const LOCAL_FORBIDDEN = /["&'/:<>@\s]/u;
/** ASCII in a domain label is letters, digits, hyphen and (leniently, as hostnames in the wild) underscore. */
const DOMAIN_LABEL_ASCII_FORBIDDEN = /[\u0000-\u002c\u002e\u002f\u003a-\u0040\u005b-\u005e\u0060\u007b-\u007f]/u;
const WHITESPACE = /\s/u;

function fitsBytes(part: string): boolean {
  return part.length <= MAX_PART_BYTES && Buffer.byteLength(part, "utf8") <= MAX_PART_BYTES;
}

function normalizeLocal(local: string): string | null {
  const value = local.normalize("NFC").toLowerCase();
  if (value === "" || !fitsBytes(value) || LOCAL_FORBIDDEN.test(value) || CONTROL.test(value)) return null;
  return value;
}

function normalizeDomain(domain: string): string | null {
  let value = domain.normalize("NFC").toLowerCase();
  if (value.endsWith(".")) value = value.slice(0, -1); // RFC 7622 §3.2: a trailing dot is not significant
  if (value === "" || !fitsBytes(value)) return null;
  if (value.startsWith("[")) return value.endsWith("]") && isIPv6(value.slice(1, -1)) ? value : null;
  for (const label of value.split(".")) {
    if (label === "" || Buffer.byteLength(label, "utf8") > MAX_LABEL_BYTES) return null;
    if (DOMAIN_LABEL_ASCII_FORBIDDEN.test(label) || WHITESPACE.test(label) || CONTROL.test(label)) return null;
  }
  return value;
}

function normalizeResource(resource: string): string | null {
  const value = resource.normalize("NFC");
  if (value === "" || !fitsBytes(value) || CONTROL.test(value)) return null;
  return value;
}

/** Splits and normalises a JID; null when it is not a valid JID. */
export function parseJid(input: string): Jid | null {
  if (typeof input !== "string") return null;
  const slash = input.indexOf("/");
  const bare = slash === -1 ? input : input.slice(0, slash);
  const at = bare.indexOf("@");
  const domain = normalizeDomain(at === -1 ? bare : bare.slice(at + 1));
  if (domain === null) return null;
  const jid: Jid = { domain };
  if (at !== -1) {
    const local = normalizeLocal(bare.slice(0, at));
    if (local === null) return null;
    jid.local = local;
  }
  if (slash !== -1) {
    const resource = normalizeResource(input.slice(slash + 1));
    if (resource === null) return null;
    jid.resource = resource;
  }
  return jid;
}

export function formatJid(jid: Jid): string {
  const bare = jid.local === undefined ? jid.domain : `${jid.local}@${jid.domain}`;
  return jid.resource === undefined ? bare : `${bare}/${jid.resource}`;
}

/** The normalised form of a JID string, or null when it is not a valid JID. */
export function normalizeJid(input: string): string | null {
  const jid = parseJid(input);
  return jid && formatJid(jid);
}

/** The bare JID (no resource); for a string, null when it is not a valid JID. */
export function bareJid(jid: Jid): string;
export function bareJid(jid: string): string | null;
export function bareJid(jid: Jid | string): string | null {
  const parsed = typeof jid === "string" ? parseJid(jid) : jid;
  if (parsed === null) return null;
  return parsed.local === undefined ? parsed.domain : `${parsed.local}@${parsed.domain}`;
}
