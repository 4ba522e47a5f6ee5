/**
 * Presence for the users who watch it (those with an open event stream): a cache of the
 * current presence of every online resource of the server's users, fed by the presence
 * forwards of the presence privilege, and the routing of each change to the users whose
 * roster lets them see it (subscription "to" or "both"), plus their own other resources.
 *
 * Rosters are read by privilege and refreshed on a timer, since the server never pushes
 * roster changes to the component. After a reconnect the server re-sends the presences
 * that are current; whatever it does not re-send within `resyncMs` is gone, and watchers
 * get an unavailable presence for it.
 */
import { EventEmitter } from "node:events";
import type { Logger } from "../../log";
import type { EventBus } from "../events";
import { bareJid, normalizeJid } from "../jsonmap";
import { Element, xml } from "../stanza";
import { RosterCache, seesPresenceOf } from "./roster";

export interface PresenceServiceOptions {
  events: EventBus;
  rosters: RosterCache;
  isOnline(): boolean;
  /** How often the rosters of watching users are read again. */
  rosterRefreshMs: number;
  /** After a reconnect, how long the server has to re-send a presence before it counts as gone. */
  resyncMs?: number;
  /** Online resources remembered at most (a guard; one entry per online client of the server). */
  maxResources?: number;
  log: Logger;
}

interface Known {
  stanza: Element;
  seenAt: number;
}

interface Watcher {
  refs: number;
  /** Bare JIDs whose presence this user sees, from the roster. */
  contacts: Set<string>;
  rosterLoaded: boolean;
}

export interface PresenceEvents {
  /** A presence `user` should see (the stanza as received; its `to` is the component). */
  presence: [user: string, presence: Element];
}

export class PresenceService extends EventEmitter<PresenceEvents> {
  /** bare JID → full JID → latest available presence. */
  private readonly online = new Map<string, Map<string, Known>>();
  private readonly watchers = new Map<string, Watcher>();
  /** contact bare JID → users watching it: the reverse of Watcher.contacts. */
  private readonly watchersOf = new Map<string, Set<string>>();
  private resources = 0;
  private wasOnline = false;
  private refreshing = false;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly log: Logger;

  constructor(private readonly options: PresenceServiceOptions) {
    super();
    this.setMaxListeners(0);
    this.log = options.log;
    options.events.on("userPresence", this.onPresence);
    options.events.on("state", this.onState);
    this.wasOnline = options.isOnline();
    this.timers.push(setInterval(() => void this.refreshRosters(), options.rosterRefreshMs).unref());
  }

  /** Starts routing presences to `user` (counted: one call per open stream); resolves once the roster is read. */
  async watch(user: string): Promise<void> {
    const existing = this.watchers.get(user);
    if (existing) {
      existing.refs++;
      if (!existing.rosterLoaded) await this.loadRoster(user, false);
      return;
    }
    this.watchers.set(user, { refs: 1, contacts: new Set(), rosterLoaded: false });
    await this.loadRoster(user, false);
  }

  unwatch(user: string): void {
    const watcher = this.watchers.get(user);
    if (!watcher || --watcher.refs > 0) return;
    for (const contact of watcher.contacts) this.removeWatcherOf(contact, user);
    this.watchers.delete(user);
  }

  /** The current presences `user` sees: contacts from the roster and the user's own resources. */
  snapshot(user: string): Element[] {
    const watcher = this.watchers.get(user);
    const jids = [user, ...(watcher?.contacts ?? [])];
    return jids.flatMap((jid) => [...(this.online.get(jid)?.values() ?? [])].map((k) => k.stanza));
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.options.events.off("userPresence", this.onPresence);
    this.options.events.off("state", this.onState);
  }

  private readonly onPresence = (stanza: Element): void => {
    const from = normalizeJid(stanza.attrs.from ?? "");
    const bare = from && bareJid(from);
    if (!from || !bare) return;
    const type = stanza.attrs.type ?? "available";
    if (type === "unavailable") this.forget(bare, from);
    else if (type === "available") this.remember(bare, from, stanza);
    else return; // probes, subscriptions and errors are not broadcast presence
    this.deliver(bare, stanza);
  };

  private readonly onState = (): void => {
    const online = this.options.isOnline();
    if (online && !this.wasOnline) this.resync();
    this.wasOnline = online;
  };

  private remember(bare: string, full: string, stanza: Element): void {
    let resources = this.online.get(bare);
    if (!resources) this.online.set(bare, (resources = new Map()));
    if (!resources.has(full)) {
      if (this.resources >= (this.options.maxResources ?? 200_000)) {
        this.log.warn("presence cache full: a new online resource is not remembered", { limit: this.options.maxResources });
        return;
      }
      this.resources++;
    }
    resources.set(full, { stanza, seenAt: Date.now() });
  }

  private forget(bare: string, full: string): void {
    const resources = this.online.get(bare);
    if (!resources?.delete(full)) return;
    this.resources--;
    if (resources.size === 0) this.online.delete(bare);
  }

  private deliver(bare: string, stanza: Element): void {
    if (this.watchers.has(bare)) this.emit("presence", bare, stanza);
    for (const user of this.watchersOf.get(bare) ?? []) if (user !== bare) this.emit("presence", user, stanza);
  }

  /** The server re-sends current presences after a reconnect; what it does not re-send is gone. */
  private resync(): void {
    const since = Date.now();
    void this.refreshRosters();
    const timer = setTimeout(() => {
      this.timers.splice(this.timers.indexOf(timer), 1);
      for (const [bare, resources] of [...this.online]) {
        for (const [full, known] of [...resources]) {
          if (known.seenAt >= since) continue;
          this.forget(bare, full);
          this.deliver(bare, unavailable(full, known.stanza.attrs.to));
        }
      }
    }, this.options.resyncMs ?? 3000).unref();
    this.timers.push(timer);
  }

  private async refreshRosters(): Promise<void> {
    if (this.refreshing || !this.options.isOnline()) return;
    this.refreshing = true;
    try {
      // One at a time: this runs in the background and must not flood the server.
      for (const user of [...this.watchers.keys()]) await this.loadRoster(user, true);
    } finally {
      this.refreshing = false;
    }
  }

  private async loadRoster(user: string, fresh: boolean): Promise<void> {
    let items;
    try {
      items = await (fresh ? this.options.rosters.refresh(user) : this.options.rosters.get(user));
    } catch (err) {
      this.log.warn("could not read a roster; contacts' presence waits for the next refresh", { user, error: (err as Error).message });
      return;
    }
    const watcher = this.watchers.get(user);
    if (!watcher) return; // the last stream closed meanwhile
    const contacts = new Set(items.filter(seesPresenceOf).map((i) => i.jid).filter((jid) => jid !== user));
    // On the first load the caller sends a snapshot; later, changes are sent as they are found.
    const announce = watcher.rosterLoaded;
    watcher.rosterLoaded = true;
    for (const contact of contacts) {
      if (watcher.contacts.has(contact)) continue;
      watcher.contacts.add(contact);
      this.addWatcherOf(contact, user);
      if (announce) for (const known of this.online.get(contact)?.values() ?? []) this.emit("presence", user, known.stanza);
    }
    for (const contact of [...watcher.contacts]) {
      if (contacts.has(contact)) continue;
      watcher.contacts.delete(contact);
      this.removeWatcherOf(contact, user);
      for (const [full, known] of this.online.get(contact) ?? []) this.emit("presence", user, unavailable(full, known.stanza.attrs.to));
    }
  }

  private addWatcherOf(contact: string, user: string): void {
    let users = this.watchersOf.get(contact);
    if (!users) this.watchersOf.set(contact, (users = new Set()));
    users.add(user);
  }

  private removeWatcherOf(contact: string, user: string): void {
    const users = this.watchersOf.get(contact);
    users?.delete(user);
    if (users?.size === 0) this.watchersOf.delete(contact);
  }
}

function unavailable(from: string, to: string | undefined): Element {
  return xml("presence", { from, to, type: "unavailable" });
}
