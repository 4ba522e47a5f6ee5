/**
 * Users' rosters, read with the roster privilege: a plain `<iq type='get'
 * to='user@domain'><query xmlns='jabber:iq:roster'/></iq>` from the component (not a
 * privileged_iq). The server never pushes roster changes to the component, so answers are
 * cached for a while and callers that need freshness ask for a refresh.
 */
import { bareJid } from "../jsonmap";
import { NS, type Element } from "../stanza";

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

export class RosterCache {
  private readonly entries = new Map<string, { items: RosterItem[]; until: number }>();
  private readonly loading = new Map<string, Promise<RosterItem[]>>();

  constructor(private readonly options: RosterCacheOptions) {}

  /** The user's roster, from the cache while it is fresh. */
  get(user: string): Promise<RosterItem[]> {
    const cached = this.entries.get(user);
    if (cached && cached.until > Date.now()) return Promise.resolve(cached.items);
    return this.refresh(user);
  }

  /** Reads the roster from the server now (one request per user at a time). */
  refresh(user: string): Promise<RosterItem[]> {
    const pending = this.loading.get(user);
    if (pending) return pending;
    const load = this.fetch(user).finally(() => this.loading.delete(user));
    this.loading.set(user, load);
    return load;
  }

  private async fetch(user: string): Promise<RosterItem[]> {
    const items = parseRoster(await this.options.fetchRoster(user, this.options.timeoutMs ?? 10_000));
    // Re-inserting keeps the map in least-recently-loaded order, so the oldest goes first.
    this.entries.delete(user);
    this.entries.set(user, { items, until: Date.now() + this.options.ttlMs });
    if (this.entries.size > (this.options.maxEntries ?? 10_000)) this.entries.delete(this.entries.keys().next().value!);
    return items;
  }
}
