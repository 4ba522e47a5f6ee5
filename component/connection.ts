/**
 * The XEP-0114 connection to the server: connects with @xmpp/component-core, keeps
 * reconnecting with exponential backoff and jitter after any loss, and exposes an
 * online/offline state. It also guards the stream: a stanza whose `from` is outside the
 * component's domain would make the server drop the connection, so it is never sent.
 */
import { EventEmitter } from "node:events";
import { Component } from "@xmpp/component-core";
import type { Logger } from "../log";
import { Retrier, withTimeout } from "./backoff";
import { NotConnectedError } from "./errors";
import type { Element } from "./stanza";

export interface ConnectionOptions {
  jid: string;
  secret: string;
  host: string;
  port: number;
  log: Logger;
  /** First reconnect delay; doubles on each failure up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Time allowed for TCP connect + stream open + handshake. */
  connectTimeoutMs?: number;
}

interface ConnectionEvents {
  online: [];
  offline: [reason: string];
  stanza: [stanza: Element];
}

export class ComponentConnection extends EventEmitter<ConnectionEvents> {
  online = false;
  private entity: Component | null = null;
  private stopped = true;
  private readonly retrier: Retrier;
  private corked = false;
  private readonly domain: string;

  constructor(private readonly options: ConnectionOptions) {
    super();
    this.domain = options.jid;
    this.retrier = new Retrier(options);
  }

  get jid(): string {
    return this.domain;
  }

  /** Starts connecting; resolves once, on the first time the component is online. */
  start(): Promise<void> {
    this.stopped = false;
    const online = new Promise<void>((resolve) => this.once("online", resolve));
    void this.attempt();
    return online;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.retrier.cancel();
    const entity = this.entity;
    this.entity = null;
    if (entity) await closeQuietly(entity);
    this.setOffline("stopped");
  }

  /** Sends a stanza; `from` defaults to the component JID and must be within its domain. */
  async send(stanza: Element): Promise<void> {
    const from = stanza.attrs.from as string | undefined;
    if (from !== undefined && domainOf(from) !== this.domain) {
      throw new Error(`refusing to send a stanza from ${from}: outside the component domain ${this.domain}`);
    }
    const entity = this.entity;
    if (!this.online || !entity?.socket) throw new NotConnectedError();
    // Coalesce what one turn of the event loop writes (every HTTP request that arrived
    // together) into one TCP write: TCP_NODELAY is on, and fewer, larger reads are
    // cheaper for the server than one stanza per segment.
    if (!this.corked) {
      this.corked = true;
      entity.socket.cork();
      const socket = entity.socket;
      setImmediate(() => {
        this.corked = false;
        socket.uncork();
      });
    }
    await entity.send(stanza);
  }

  private async attempt(): Promise<void> {
    if (this.stopped) return;
    const { host, port, secret, log } = this.options;
    const entity = new Component({ service: `xmpp://${host}:${port}`, domain: this.domain });
    this.entity = entity;
    let failure = "";
    entity.on("open", (header: Element) => {
      entity.authenticate(header.attrs.id, secret).catch((err: Error) => entity.emit("error", err));
    });
    entity.on("stanza", (stanza: Element) => this.emit("stanza", stanza));
    entity.on("error", (err: Error & { condition?: string }) => {
      failure = describeFailure(err);
      log.debug("connection error", { error: failure });
    });
    entity.on("disconnect", () => {
      if (this.entity !== entity) return;
      this.entity = null;
      const wasOnline = this.online;
      this.setOffline(failure || "connection closed");
      if (wasOnline) log.warn("disconnected from the server", { reason: failure || "connection closed" });
      this.scheduleRetry();
    });

    try {
      await withTimeout(this.openAndAuthenticate(entity), this.options.connectTimeoutMs ?? 10_000, "no handshake");
      if (this.entity !== entity) return;
      this.retrier.succeeded();
      this.online = true;
      log.info("online", { jid: this.domain, server: `${host}:${port}` });
      this.emit("online");
    } catch (err) {
      failure ||= describeFailure(err as Error);
      if (this.entity !== entity) return;
      this.entity = null;
      entity.removeAllListeners("disconnect");
      entity.socket?.destroy();
      log[this.retrier.failureLevel]("cannot connect to the server", { reason: failure, attempt: this.retrier.failures + 1 });
      this.scheduleRetry();
    }
  }

  private async openAndAuthenticate(entity: Component): Promise<void> {
    const online = new Promise<void>((resolve, reject) => {
      entity.once("online", () => resolve());
      entity.once("error", reject);
      entity.once("disconnect", () => reject(new Error("connection closed during the handshake")));
    });
    online.catch(() => {}); // observed below, or superseded by an earlier failure
    await entity.connect(`xmpp://${this.options.host}:${this.options.port}`);
    // xmpp.js leaves Nagle's algorithm on; small stanzas would then wait for ACKs.
    entity.socket?.setNoDelay(true);
    await entity.open({ domain: this.domain });
    await online;
  }

  private scheduleRetry(): void {
    if (!this.stopped) this.retrier.schedule(() => void this.attempt());
  }

  private setOffline(reason: string): void {
    if (!this.online) return;
    this.online = false;
    this.emit("offline", reason);
  }
}

/** The domain part of a JID string. */
export function domainOf(jid: string): string {
  const slash = jid.indexOf("/");
  const bare = slash === -1 ? jid : jid.slice(0, slash);
  return bare.slice(bare.indexOf("@") + 1).toLowerCase();
}

function describeFailure(err: Error & { condition?: string; code?: string }): string {
  if (err.condition === "not-authorized") return "the server refused the component secret (not-authorized)";
  if (err.condition === "conflict") return "another component is connected with this JID (conflict)";
  if (err.condition === "host-unknown") return "the server has no Component block for this JID (host-unknown)";
  if (err.condition) return `stream error: ${err.condition}${err.message ? ` (${err.message})` : ""}`;
  return err.code ? `${err.code}: ${err.message}` : err.message;
}

async function closeQuietly(entity: Component): Promise<void> {
  entity.removeAllListeners("disconnect");
  try {
    await withTimeout(entity.stop(), 2000);
  } catch {
    entity.socket?.destroy();
  }
}
