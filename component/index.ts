/**
 * The component as the rest of the program sees it: one object that connects, tracks
 * IQs, knows the granted privileges, routes what arrives, and acts as users or as itself.
 */
import type { Logger } from "../log";
import { ComponentConnection, domainOf } from "./connection";
import { BounceCatcher } from "./bounces";
import { ForbiddenStanzaError, NeedsClientSessionError, NotConnectedError, PrivilegeMissingError } from "./errors";
import { outsideStanzaRefusal } from "./outside-stanzas";
import { EventBus } from "./events";
import { IqTracker } from "./iq-tracker";
import { answerOwnQuery, Identity } from "./own-queries";
import { parsePrivilegeAdvertisement, PrivilegedClient, Privileges } from "./privilege";
import { ServerProgress } from "./server-progress";
import { Element, errorReply, NS, xml } from "./stanza";
import { bounceFor } from "./user-delivery";
import { UserDirectory } from "./user-directory";

export interface ComponentOptions {
  jid: string;
  secret: string;
  host: string;
  port: number;
  serverDomain: string;
  maxPrivilegedIqs: number;
  identity: Identity;
  log: Logger;
  /** How long to wait for a privilege advertisement before concluding none was granted. */
  privilegeWaitMs?: number;
}

/**
 * Messages and presences written but not yet known to be processed by the server, at most.
 * Measured with 50 HTTP clients sending messages through a saturated Prosody: 32 gives
 * 650 msg/s (p99 192 ms), 128 gives 1,000 msg/s (p99 177 ms), 512 gives 1,040 msg/s
 * (p99 427 ms). Without a bound, sends stalled for 3–6 s behind full socket buffers.
 */
const UNCONFIRMED_WINDOW = 128;

/** A handler for IQ get/set addressed to the component's JIDs; returns false if it does not take it. */
export type IqHandler = (iq: Element) => boolean;

export class XmppComponent {
  readonly connection: ComponentConnection;
  readonly iqs: IqTracker;
  readonly privileged: PrivilegedClient;
  readonly events = new EventBus();
  /** Which local accounts exist (cached). */
  readonly users: UserDirectory;
  private readonly bounces: BounceCatcher;
  private readonly progress: ServerProgress;
  /** Set once the server advertised privileges, or once it is clear it will not. */
  privilegesKnown = false;
  private privilegeTimer: NodeJS.Timeout | null = null;
  private readonly iqHandlers: IqHandler[] = [];
  private readonly log: Logger;

  constructor(private readonly options: ComponentOptions) {
    this.log = options.log;
    this.connection = new ComponentConnection({ ...options, log: options.log.child("connection") });
    this.iqs = new IqTracker((stanza) => this.connection.send(stanza));
    this.privileged = new PrivilegedClient({
      serverDomain: options.serverDomain,
      send: (stanza) => this.connection.send(stanza),
      iqs: this.iqs,
      maxInFlight: options.maxPrivilegedIqs,
    });
    this.users = new UserDirectory({ serverDomain: options.serverDomain, iqs: this.iqs, privileges: () => this.privileged.privileges });
    this.progress = new ServerProgress(
      () => this.iqs.request(xml("iq", { type: "get", to: options.serverDomain }, xml("ping", { xmlns: NS.ping })), 10_000).then(() => undefined),
      UNCONFIRMED_WINDOW,
    );
    this.bounces = new BounceCatcher({ progress: this.progress, send: (stanza) => this.paced(stanza, (s) => this.connection.send(s)) });
    this.connection.on("stanza", (stanza) => this.route(stanza));
    this.connection.on("online", () => this.onOnline());
    this.connection.on("offline", () => this.onOffline());
  }

  get jid(): string {
    return this.options.jid;
  }

  get serverDomain(): string {
    return this.options.serverDomain;
  }

  get online(): boolean {
    return this.connection.online;
  }

  /** Online, and the privileges the server granted are known. */
  get ready(): boolean {
    return this.connection.online && this.privilegesKnown;
  }

  get privileges(): Privileges | null {
    return this.privileged.privileges;
  }

  start(): Promise<void> {
    return this.connection.start();
  }

  async stop(): Promise<void> {
    await this.connection.stop();
  }

  /** Registers a handler for IQs addressed to the component (webhooks, delegation…). */
  onIq(handler: IqHandler): void {
    this.iqHandlers.push(handler);
  }

  /**
   * Sends a stanza from outside (a bot, a webhook's reply) as the component or one of its
   * JIDs. Refused (ForbiddenStanzaError) when it would use the gateway's privileges.
   */
  async send(stanza: Element): Promise<void> {
    checkOutside(stanza);
    await this.connection.send(stanza);
  }

  /**
   * Sends a message or presence from one of the component's JIDs and resolves with the
   * error the server bounced at once for it, or null once it was accepted.
   */
  async sendChecked(stanza: Element): Promise<Element | null> {
    checkOutside(stanza);
    if (!this.online) throw new NotConnectedError();
    return this.bounces.send(stanza);
  }

  /** Sends an IQ from outside (a bot) as the component or one of its JIDs and waits for the reply. */
  async request(iq: Element, timeoutMs: number): Promise<Element> {
    checkOutside(iq);
    if (!this.online) throw new NotConnectedError();
    return this.iqs.request(iq, timeoutMs);
  }

  async sendAs(user: string, message: Element): Promise<void> {
    if (!this.online) throw new NotConnectedError();
    await this.paced(message, (m) => this.privileged.sendAs(user, m));
    this.events.emit("sent", user, message);
  }

  /** Writes a message or presence once the server has room for it (see server-progress.ts). */
  private async paced<T>(stanza: Element, write: (stanza: Element) => Promise<T>): Promise<T> {
    await this.progress.room();
    const result = await write(stanza);
    this.progress.wrote();
    return result;
  }

  /**
   * sendAs() for callers that want the outcome: the error the server would have bounced
   * (Prosody loses those bounces for privileged messages), or null once sent.
   * Throws NeedsClientSessionError for presence and group chat, which cannot work as a user.
   */
  async sendAsChecked(user: string, message: Element): Promise<Element | null> {
    if (message.name === "presence") throw new NeedsClientSessionError("Presence");
    const bounce = await bounceFor(message, this.options.serverDomain, this.users);
    if (bounce) return bounce;
    await this.sendAs(user, message);
    return null;
  }

  iqAs(user: string, iq: Element, timeoutMs: number): Promise<Element> {
    if (!this.online) return Promise.reject(new NotConnectedError());
    return this.privileged.iqAs(user, iq, timeoutMs);
  }

  /** A user's roster, read with the roster privilege. */
  rosterOf(user: string, timeoutMs: number): Promise<Element> {
    if (!this.online) return Promise.reject(new NotConnectedError());
    return this.privileged.rosterOf(user, timeoutMs);
  }

  private route(stanza: Element): void {
    const type = stanza.attrs.type;
    if (stanza.name === "iq") {
      // A result nobody waits for (sent to a bot, or too late) is an ordinary stanza for webhooks.
      if (type === "result" || type === "error") {
        if (!this.iqs.handle(stanza)) this.events.emit("stanza", stanza);
        return;
      }
      this.routeIq(stanza);
      return;
    }
    if (type === "error" && this.bounces.take(stanza)) return;
    if (stanza.attrs.from === this.options.serverDomain && stanza.name === "message" && this.takeServerMessage(stanza)) return;
    if (stanza.name === "presence" && this.isPresenceForward(stanza)) {
      this.events.emit("userPresence", stanza);
      return;
    }
    this.events.emit("stanza", stanza);
  }

  /** Privilege advertisements and mod_firewall forwards come from the server itself. */
  private takeServerMessage(message: Element): boolean {
    if (this.takeAdvertisement(message)) return true;
    const forwarded = message.getChild("forwarded", NS.forward)?.getChild("message");
    if (!forwarded || message.attrs.to !== this.options.jid) return false;
    this.events.emit("forwardedMessage", forwarded);
    return true;
  }

  /**
   * With the presence privilege the server sends every presence of its users to the
   * component's domain JID; presences to a bot's JID are ordinary stanzas for webhooks.
   */
  private isPresenceForward(presence: Element): boolean {
    return presence.attrs.to === this.options.jid && domainOf(presence.attrs.from ?? "") === this.options.serverDomain;
  }

  private routeIq(iq: Element): void {
    if (iq.attrs.to === this.options.jid) {
      const answer = answerOwnQuery(iq, this.options.identity);
      if (answer) return void this.sendQuietly(answer);
    }
    if (this.iqHandlers.some((handle) => handle(iq))) return;
    void this.sendQuietly(errorReply(iq, "cancel", "service-unavailable"));
  }

  private takeAdvertisement(message: Element): boolean {
    const privileges = parsePrivilegeAdvertisement(message);
    if (!privileges) return false;
    this.privileged.privileges = privileges;
    this.setPrivilegesKnown();
    this.log.info("privileges granted", {
      namespace: privileges.namespace,
      roster: privileges.roster,
      message: privileges.message,
      presence: privileges.presence,
      iq: Object.keys(privileges.iq).length,
    });
    return true;
  }

  private onOnline(): void {
    this.progress.reset();
    // Servers advertise right after the handshake; without mod_privilege nothing comes.
    this.privilegeTimer = setTimeout(() => {
      if (this.privilegesKnown || !this.online) return;
      this.log.warn("the server advertised no privileges: only bot identities on the component domain will work");
      this.setPrivilegesKnown();
    }, this.options.privilegeWaitMs ?? 5000);
    this.events.emit("state");
  }

  private onOffline(): void {
    if (this.privilegeTimer) clearTimeout(this.privilegeTimer);
    // The next connection may come with other grants (the server's config may have changed).
    this.privilegesKnown = false;
    this.privileged.privileges = null;
    this.iqs.failAll(new NotConnectedError());
    this.events.emit("state");
  }

  private setPrivilegesKnown(): void {
    if (this.privilegeTimer) clearTimeout(this.privilegeTimer);
    this.privilegesKnown = true;
    this.events.emit("state");
  }

  private async sendQuietly(stanza: Element): Promise<void> {
    try {
      await this.connection.send(stanza);
    } catch (err) {
      this.log.debug("could not send a reply", { error: (err as Error).message });
    }
  }
}

function checkOutside(stanza: Element): void {
  const refusal = outsideStanzaRefusal(stanza);
  if (refusal) throw new ForbiddenStanzaError(refusal);
}

export { NotConnectedError, PrivilegeMissingError };
