/**
 * Users' rosters, read with the roster privilege: a plain `<iq type='get'
 * to='user@domain'><query xmlns='jabber:iq:roster'/></iq>` from the component (not a
 * privileged_iq). The server never pushes roster changes to the component, so answers are
 * cached for a while and callers that need freshness ask for a refresh.
 */
import { bareJid } from "../jsonmap";
import { NS, type Element } from "../stanza";
import { ExpiringCache } from "./expiring-cache";

export interface RosterItem {
  jid: string;
  name: string | null;
  subscription: "none" | "to" | "from" | "both";
  /** "subscribe" while the user's own subscription request is pending. */
  ask: string | null;
  groups: string[];
}

export interface RosterCacheOptions {
  /** component.rosterOf: the roster result IQ, read with the roster privilege. */
  fetchRoster(user: string, timeoutMs: number): Promise<Element>;
  ttlMs: number;
  maxEntries?: number;
  timeoutMs?: number;
}

const SUBSCRIPTIONS = new Set(["none", "to", "from", "both"]);

/** The items of a roster result; items with an invalid JID or type "remove" are skipped. */
function parseRoster(result: Element): RosterItem[] {
  const query = result.getChild("query", NS.roster);
  const items: RosterItem[] = [];
  for (const item of query?.getChildren("item") ?? []) {
    const jid = bareJid(item.attrs.jid ?? "");
    if (!jid) continue;
    const subscription = SUBSCRIPTIONS.has(item.attrs.subscription) ? item.attrs.subscription : "none";
    const groups = item.getChildren("group").map((g) => g.getText()).filter((g) => g !== "");
    items.push({ jid, name: item.attrs.name || null, subscription, ask: item.attrs.ask ?? null, groups });
  }
  return items;
}

/** True when the roster's owner receives this contact's presence (RFC 6121 "to" or "both"). */
export function seesPresenceOf(item: RosterItem): boolean {
  return item.subscription === "to" || item.subscription === "both";
}

/** Rosters by user, cached for `ttlMs`. */
export class RosterCache extends ExpiringCache<RosterItem[]> {
  constructor({ fetchRoster, ttlMs, maxEntries, timeoutMs = 10_000 }: RosterCacheOptions) {
    super(async (user) => parseRoster(await fetchRoster(user, timeoutMs)), ttlMs, maxEntries);
  }
}
