/**
 * Reads the spool account as an XMPP client with stream management (XEP-0198). The server
 * keeps for that account whatever the gateway has not acknowledged: in offline storage
 * while no session is open, and mod_smacks puts a session's unacknowledged stanzas back
 * there when it ends. So a stanza must be acknowledged only once it is stored:
 *
 * - stanzas are handled in a listener that runs before xmpp.js's own, synchronously (the
 *   archive is synchronous SQLite): when xmpp.js counts a stanza as handled, or answers a
 *   later <r/> with that count, the stanza is already stored;
 * - if storing fails, the socket is destroyed inside that listener, before xmpp.js counts
 *   the stanza, so no acknowledgement can cover it; the server keeps it for the next session;
 * - initial presence, which makes the server deliver the offline backlog, is sent only
 *   once stream management is enabled; without it the reader refuses to go on.
 *
 * No resumption: a new session starts clean, and a dead one hands its unacknowledged
 * stanzas back to offline storage at once instead of holding them while it hibernates.
 */
import { EventEmitter } from "node:events";
import { client, XmppClient } from "@xmpp/client";
import type { Logger } from "../../log";
import { Retrier, withTimeout } from "../backoff";
import { Element, xml } from "../stanza";

const NS_SM = "urn:xmpp:sm:3";

export interface SpoolReaderOptions {
  host: string;
  port: number;
  domain: string;
  user: string;
  password: string;
  /** Stores one message from the spool; throws when it cannot (the message is then not acknowledged). */
  handle: (message: Element) => void;
  log: Logger;
  /** First reconnect delay; doubles on each failure up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  connectTimeoutMs?: number;
}

export class SpoolReader extends EventEmitter<{ online: []; offline: [] }> {
  online = false;
  private xmpp: XmppClient | null = null;
  private stopped = true;
  private readonly retrier: Retrier;
  private ackPending = false;

  constructor(private readonly options: SpoolReaderOptions) {
    super();
    this.retrier = new Retrier(options);
  }

  get jid(): string {
    return `${this.options.user}@${this.options.domain}`;
  }

  start(): void {
    this.stopped = false;
    void this.attempt();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.retrier.cancel();
    const xmpp = this.xmpp;
    this.xmpp = null; // from here on, arriving stanzas are neither stored nor acknowledged
    this.setOffline();
    if (!xmpp) return;
    try {
      // Everything counted so far is stored; acknowledging it spares a replay next time.
      if (xmpp.streamManagement.enabled) await xmpp.send(xml("a", { xmlns: NS_SM, h: xmpp.streamManagement.inbound }));
      await xmpp.stop();
    } catch {
      xmpp.socket?.destroy();
    }
  }

  private async attempt(): Promise<void> {
    if (this.stopped) return;
    const { host, port, domain, user, password, log } = this.options;
    const xmpp = client({ service: `xmpp://${host}:${port}`, domain, resource: "xmpp-rest", username: user, password });
    xmpp.reconnect.stop(); // this class retries, with backoff
    xmpp.streamManagement.allowResume = false;
    this.xmpp = xmpp;
    let failure = "";
    xmpp.prependListener("element", (element: Element) => this.take(xmpp, element));
    // xmpp.js leaves Nagle's algorithm on; acknowledgements would then wait for the server's ACKs.
    xmpp.on("connect", () => xmpp.socket?.setNoDelay(true));
    xmpp.on("error", (err: Error) => {
      failure = describe(err);
      log.debug("spool connection error", { error: failure });
    });
    xmpp.on("disconnect", () => this.lost(xmpp, failure || "connection closed"));
    try {
      await withTimeout(xmpp.start(), this.options.connectTimeoutMs ?? 15_000, "no session");
      if (this.xmpp !== xmpp) return;
      if (!xmpp.streamManagement.enabled) throw new Error("the server did not enable stream management (XEP-0198): is mod_smacks loaded?");
      // Initial presence makes the server deliver the offline backlog: only now that acknowledgements count.
      await xmpp.send(xml("presence"));
      if (this.xmpp !== xmpp) return;
      this.retrier.succeeded();
      this.online = true;
      log.info("reading the inbound spool", { jid: this.jid });
      this.emit("online");
    } catch (err) {
      failure ||= describe(err as Error);
      if (this.xmpp !== xmpp) return;
      this.xmpp = null;
      xmpp.removeAllListeners("disconnect");
      xmpp.socket?.destroy();
      const hint = /not-authorized/.test(failure) ? " (create the account as `xmpp-rest init` prints)" : "";
      log[this.retrier.failureLevel](`cannot read the inbound spool as ${this.jid}${hint}`, { reason: failure, attempt: this.retrier.failures + 1 });
      this.scheduleRetry();
    }
  }

  /** Runs before xmpp.js's listeners: see the module comment. */
  private take(xmpp: XmppClient, element: Element): void {
    if (this.xmpp !== xmpp || !element.is("message")) return;
    try {
      this.options.handle(element);
      this.acknowledgeSoon(xmpp);
    } catch (err) {
      this.options.log.error("could not store a message from the spool; reconnecting, the server keeps it meanwhile", {
        error: (err as Error).message,
      });
      this.xmpp = null;
      xmpp.socket?.destroy();
      this.setOffline();
      this.scheduleRetry();
    }
  }

  /**
   * Acknowledges what is stored without waiting for the server to ask. Prosody leaves
   * Nagle's algorithm on and sends an <r/> after each stanza: that <r/> waits for our TCP
   * ACK, which the kernel delays, and the next messages wait behind it (+20 ms at
   * 200 msg/s). Our <a/> carries the ACK at once. One <a/> covers what arrived together;
   * its h is xmpp.js's count, made after our synchronous store, so it never covers an
   * unstored stanza (a lower h only means a harmless redelivery).
   */
  private acknowledgeSoon(xmpp: XmppClient): void {
    if (this.ackPending) return;
    this.ackPending = true;
    setImmediate(() => {
      this.ackPending = false;
      if (this.xmpp !== xmpp || !xmpp.streamManagement.enabled) return;
      xmpp.send(xml("a", { xmlns: NS_SM, h: xmpp.streamManagement.inbound })).catch(() => {});
    });
  }

  private lost(xmpp: XmppClient, reason: string): void {
    if (this.xmpp !== xmpp) return;
    this.xmpp = null;
    if (this.online) this.options.log.warn("lost the inbound spool connection", { reason });
    this.setOffline();
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (!this.stopped) this.retrier.schedule(() => void this.attempt());
  }

  private setOffline(): void {
    if (!this.online) return;
    this.online = false;
    this.emit("offline");
  }
}

function describe(err: Error & { condition?: string }): string {
  return err.condition ? `${err.condition}${err.message && err.message !== err.condition ? `: ${err.message}` : ""}` : err.message;
}
