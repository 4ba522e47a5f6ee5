/**
 * Loads the TOML configuration, applies XMPP_REST_SECTION_KEY environment overrides and
 * validates every key against config/schema.ts. All problems are collected so that one
 * run of `xmpp-rest check-config` names every bad key at once.
 */
import { readFileSync } from "node:fs";
import { parse as parseToml, TomlError } from "smol-toml";
import { parseDuration, parseSize } from "./duration";
import { Config, KeySpec, SECTIONS, SectionSpec, WEBHOOK_KEYS } from "./schema";

export type { Config, WebhookConfig } from "./schema";

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join("\n  - ")}`);
  }
}

const ENV_PREFIX = "XMPP_REST_";
const DOMAIN_RE = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i;
const BARE_JID_RE = /^[^\s"&'/:<>@]+@[^\s"&'/:<>@]+$/;

type Raw = Record<string, unknown>;

export function loadConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): Config {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new ConfigError([`cannot read ${path}: ${(err as Error).message}`]);
  }
  return loadConfigText(text, env, path);
}

export function loadConfigText(text: string, env: NodeJS.ProcessEnv = {}, source = "config"): Config {
  let raw: Raw;
  try {
    raw = parseToml(text) as Raw;
  } catch (err) {
    const where = err instanceof TomlError ? ` (line ${err.line}, column ${err.column})` : "";
    throw new ConfigError([`${source} is not valid TOML${where}: ${(err as Error).message.split("\n")[0]}`]);
  }
  return validate(applyEnv(raw, env));
}

/** Copies XMPP_REST_SECTION_KEY (and XMPP_REST_WEBHOOK_N_KEY) values over the file's. */
function applyEnv(raw: Raw, env: NodeJS.ProcessEnv): Raw {
  const out: Raw = { ...raw };
  for (const [section, keys] of Object.entries(SECTIONS)) {
    for (const key of Object.keys(keys)) {
      const value = env[`${ENV_PREFIX}${section}_${key}`.toUpperCase()];
      if (value === undefined) continue;
      out[section] = { ...(out[section] as Raw | undefined), [key]: value };
    }
  }
  const hooks = Array.isArray(out.webhook) ? [...(out.webhook as Raw[])] : [];
  for (const [name, value] of Object.entries(env)) {
    const m = /^XMPP_REST_WEBHOOK_(\d+)_([A-Z_]+)$/.exec(name);
    if (!m || value === undefined) continue;
    const index = Number(m[1]);
    hooks[index] = { ...hooks[index], [m[2].toLowerCase()]: value };
  }
  if (hooks.length) out.webhook = hooks;
  return out;
}

function validate(raw: Raw): Config {
  const problems: string[] = [];
  const config: Raw = {};
  for (const name of Object.keys(raw)) {
    if (!(name in SECTIONS) && name !== "webhook") {
      problems.push(`[${name}]: unknown section (known: ${[...Object.keys(SECTIONS), "webhook"].join(", ")})`);
    }
  }
  for (const [section, spec] of Object.entries(SECTIONS)) {
    const value = raw[section] ?? {};
    if (!isTable(value)) {
      problems.push(`${section}: expected a [${section}] table`);
      continue;
    }
    config[section] = validateTable(section, value, spec, problems);
  }
  const hooks = raw.webhook ?? [];
  if (!Array.isArray(hooks)) {
    problems.push("webhook: expected [[webhook]] tables");
  } else {
    config.webhook = hooks.flatMap((hook, i) => {
      if (isTable(hook)) return [validateTable(`webhook[${i}]`, hook, WEBHOOK_KEYS, problems)];
      problems.push(`webhook[${i}]: expected a table`);
      return [];
    });
  }
  if (problems.length) throw new ConfigError(problems);
  const result = config as unknown as Config;
  result.http.public_url ??= `http://${result.http.host}:${result.http.port}`;
  result.http.public_url = result.http.public_url.replace(/\/+$/, "");
  return result;
}

function validateTable(prefix: string, table: Raw, spec: SectionSpec, problems: string[]): Raw {
  const out: Raw = {};
  for (const key of Object.keys(table)) {
    if (!(key in spec)) problems.push(`${prefix}.${key}: unknown key (known: ${Object.keys(spec).join(", ")})`);
  }
  for (const [key, keySpec] of Object.entries(spec)) {
    const name = `${prefix}.${key}`;
    if (table[key] === undefined) {
      if (keySpec.required) problems.push(`${name}: missing; expected ${keySpec.doc}`);
      else if (keySpec.default !== undefined) out[key] = structuredClone(keySpec.default);
      continue;
    }
    const result = coerce(table[key], keySpec);
    if ("error" in result) problems.push(`${name}: expected ${result.error}, got ${JSON.stringify(table[key])} (${keySpec.doc})`);
    else out[key] = result.value;
  }
  return out;
}

type Coerced = { value: unknown } | { error: string };

/** Turns a TOML or environment value into the key's type, or says what was expected. */
function coerce(input: unknown, spec: KeySpec): Coerced {
  const text = typeof input === "string" ? input.trim() : undefined;
  switch (spec.kind) {
    case "string":
      return text ? { value: text } : { error: "a non-empty string" };
    case "secret":
      return text && text.length >= 8 ? { value: text } : { error: "a secret of at least 8 characters" };
    case "int":
    case "port": {
      const min = spec.min ?? (spec.kind === "port" ? 1 : -Infinity);
      const max = spec.kind === "port" ? 65535 : spec.max ?? Infinity;
      const n = typeof input === "number" ? input : text !== undefined && /^-?\d+$/.test(text) ? Number(text) : NaN;
      return Number.isInteger(n) && n >= min && n <= max ? { value: n } : { error: `an integer from ${min} to ${max}` };
    }
    case "bool":
      if (typeof input === "boolean") return { value: input };
      if (text && /^(true|1|yes)$/i.test(text)) return { value: true };
      if (text && /^(false|0|no)$/i.test(text)) return { value: false };
      return { error: "true or false" };
    case "duration": {
      const ms = text !== undefined ? parseDuration(text) : null;
      const ok = ms !== null && ms >= (spec.min ?? 0) && ms <= (spec.max ?? Infinity);
      return ok ? { value: ms } : { error: `a duration such as "30s", "15m" or "1h"${rangeNote(spec)}` };
    }
    case "size": {
      const bytes = typeof input === "number" ? input : text !== undefined ? parseSize(text) : null;
      return bytes !== null && Number.isInteger(bytes) && bytes > 0 ? { value: bytes } : { error: 'a size such as "192KiB" or "1MiB"' };
    }
    case "domain":
      return text && DOMAIN_RE.test(text) ? { value: text.toLowerCase() } : { error: "a domain name such as example.com" };
    case "url":
      return text && isHttpUrl(text) ? { value: text } : { error: "an http:// or https:// URL" };
    case "enum":
      return text && spec.values?.includes(text) ? { value: text } : { error: `one of ${spec.values?.join(", ")}` };
    case "string-list":
    case "jid-list":
    case "enum-list": {
      const items = Array.isArray(input) ? input : text !== undefined ? splitList(text) : null;
      if (!items || !items.every((i) => typeof i === "string" && i.trim())) return { error: "a list of strings" };
      const values = items.map((i) => (i as string).trim());
      if (spec.kind === "jid-list" && !values.every((v) => BARE_JID_RE.test(v))) return { error: "a list of bare JIDs (user@domain)" };
      if (spec.kind === "enum-list" && !values.every((v) => spec.values?.includes(v))) {
        return { error: `a list of ${spec.values?.join(", ")}` };
      }
      return { value: spec.kind === "jid-list" ? values.map((v) => v.toLowerCase()) : values };
    }
  }
}

function rangeNote(spec: KeySpec): string {
  if (spec.min !== undefined && spec.max !== undefined) return ` between ${spec.min} ms and ${spec.max} ms`;
  if (spec.min !== undefined) return ` of at least ${spec.min} ms`;
  if (spec.max !== undefined) return ` of at most ${spec.max} ms`;
  return "";
}

/** Environment lists are comma-separated, or JSON arrays. */
function splitList(text: string): unknown[] {
  if (text.startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return parsed;
    } catch {
      /* fall through to comma splitting */
    }
  }
  return text === "" ? [] : text.split(",");
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text.replace(/[{}]/g, ""));
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

function isTable(v: unknown): v is Raw {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
