/**
 * Webhooks of the stanza API. A message or presence addressed to the component is stored
 * in the outbox before anything else happens to it, then delivered by its webhook's
 * durable queue; the webhook's answer becomes the reply (and the receipt the sender asked
 * for). An IQ is posted at once and answered within the webhook's timeout; past the
 * webhook's `iqConcurrency` in flight, it is refused at once (resource-constraint, as
 * Prosody refuses privileged IQs past its own limit): anyone on the network can send IQs.
 */
import type { XmppComponent } from "../../component";
import { bareJid } from "../../component/jsonmap";
import type { Element } from "../../component/stanza";
import { parseStanzaXml } from "../../component/xml/parse";
import type { Logger } from "../../log";
import type { Db } from "../../storage/db";
import { newDeliveryId, OutboxRepo, OutboxRow } from "../../storage/outbox";
import { DeadLettersRepo } from "../../storage/webhook-dead-letters";
import type { OutputType } from "../rest/render";
import { CallbackOutcome, postCallback } from "./callback";
import { replayDeadLetters, ReplayReport } from "./dead-letters";
import { probeContentType } from "./probe";
import { AttemptResult, DeliveryQueue } from "./queue";
import { accepted, errorAnswer, receiptFor, replyTo } from "./reply";
import { isTransient } from "./retry";
import { selectWebhook } from "./routing";
import type { WebhookSettings } from "./settings";

export interface DispatcherOptions {
  component: XmppComponent;
  hooks: readonly WebhookSettings[];
  db: Db;
  userAgent: string;
  log: Logger;
}

/** How often to look for dead letters replayed by the CLI, another process. */
const EXTERNAL_CHECK_MS = 1000;

export class WebhookDispatcher {
  readonly deadLetters: DeadLettersRepo;
  private readonly outbox: OutboxRepo;
  private readonly hooks: ReadonlyMap<string, WebhookSettings>;
  private readonly queues = new Map<string, DeliveryQueue>();
  /** The body format of each webhook, once its OPTIONS probe has answered. */
  private readonly contentTypes = new Map<string, Promise<OutputType>>();
  private readonly iqsInFlight = new Set<Promise<void>>();
  /** webhook name → IQs posted and not yet answered. */
  private readonly iqCounts = new Map<string, number>();
  /** Webhooks that refused an IQ since they were last idle (logged once per flood). */
  private readonly iqsRefused = new Set<string>();
  private readonly abort = new AbortController();
  private externalTimer: NodeJS.Timeout | null = null;
  private externalVersion = 0;
  private running = false;
  private readonly log: Logger;

  constructor(private readonly options: DispatcherOptions) {
    this.log = options.log;
    this.outbox = new OutboxRepo(options.db);
    this.deadLetters = new DeadLettersRepo(options.db);
    this.hooks = new Map(options.hooks.map((hook) => [hook.name, hook]));
  }

  start(): void {
    this.warnAboutOrphans();
    if (this.hooks.size === 0) return;
    this.running = true;
    const { component, userAgent } = this.options;
    const worker = {
      attempt: (row: OutboxRow) => this.attempt(row),
      gaveUp: (row: OutboxRow, outcome: CallbackOutcome) => this.gaveUp(row, outcome),
      canDeliver: () => component.online,
    };
    for (const hook of this.hooks.values()) {
      this.contentTypes.set(hook.name, probeContentType(hook, component.jid, userAgent, this.abort.signal));
      this.queues.set(hook.name, new DeliveryQueue(hook, this.outbox, worker, this.log.child(hook.name)));
    }
    component.events.on("stanza", this.onStanza);
    component.events.on("state", this.wakeAll);
    component.onIq(this.onIq);
    this.externalVersion = this.outbox.externalChanges();
    this.externalTimer = setInterval(this.checkExternalChanges, EXTERNAL_CHECK_MS).unref();
    this.wakeAll();
  }

  /** Stops delivering; what is still queued stays in the outbox for the next start. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    const { events } = this.options.component;
    events.off("stanza", this.onStanza);
    events.off("state", this.wakeAll);
    if (this.externalTimer) clearInterval(this.externalTimer);
    // Queues first: an attempt the abort ends must not count as a failure.
    const queues = [...this.queues.values()].map((queue) => queue.stop());
    this.abort.abort();
    await Promise.allSettled([...queues, ...this.iqsInFlight]);
  }

  /** Sends dead letters to their webhook again, at the end of their sender's queue. */
  replay(which: number | "all"): ReplayReport {
    const report = replayDeadLetters(this.deadLetters, new Set(this.hooks.keys()), which);
    for (const row of report.replayed) this.queues.get(row.webhook)?.wake(row.sender);
    return report;
  }

  /** Synchronous: the stanza is in the outbox before this returns. */
  private readonly onStanza = (stanza: Element): void => {
    const hook = selectWebhook(this.options.hooks, stanza);
    if (!hook) {
      // As Prosody answers stanzas no module takes; presence errors would mean nothing.
      if (stanza.name === "message") this.sendQuietly(errorAnswer(stanza, { type: "cancel", condition: "service-unavailable" }));
      return;
    }
    const sender = bareJid(stanza.attrs.from ?? "") ?? stanza.attrs.from ?? "";
    try {
      this.outbox.add({ webhook: hook.name, sender, kind: stanza.name, stanza: stanza.toString() });
    } catch (err) {
      this.log.error("cannot store a stanza for its webhook; the sender gets an error", { webhook: hook.name, error: (err as Error).message });
      this.sendQuietly(errorAnswer(stanza, { type: "wait", condition: "internal-server-error" }));
      return;
    }
    this.queues.get(hook.name)!.wake(sender);
  };

  private readonly onIq = (iq: Element): boolean => {
    if (!this.running) return false;
    const hook = selectWebhook(this.options.hooks, iq);
    if (!hook) return false;
    const inFlight = this.iqCounts.get(hook.name) ?? 0;
    if (inFlight >= hook.iqConcurrency) {
      // Once per flood: a flood of IQs must not flood the log too.
      if (!this.iqsRefused.has(hook.name)) this.log.warn("too many IQs waiting for their webhook; refusing more until one is answered", { webhook: hook.name, limit: hook.iqConcurrency });
      this.iqsRefused.add(hook.name);
      this.sendQuietly(errorAnswer(iq, { type: "wait", condition: "resource-constraint" }));
      return true;
    }
    this.iqCounts.set(hook.name, inFlight + 1);
    const answer = this.call(hook, iq, newDeliveryId()).then(
      (outcome) => this.sendQuietly(replyTo(iq, outcome)),
      (err: Error) => {
        this.log.error("cannot post an IQ to its webhook", { webhook: hook.name, error: err.message });
        this.sendQuietly(errorAnswer(iq, { type: "wait", condition: "internal-server-error" }));
      },
    );
    this.iqsInFlight.add(answer);
    void answer.finally(() => {
      this.iqsInFlight.delete(answer);
      const left = this.iqCounts.get(hook.name)! - 1;
      this.iqCounts.set(hook.name, left);
      if (left === 0) this.iqsRefused.delete(hook.name); // the flood is over
    });
    return true;
  };

  private async attempt(row: OutboxRow): Promise<AttemptResult> {
    const stanza = storedStanza(row.stanza);
    const outcome = await this.call(this.hooks.get(row.webhook)!, stanza, row.delivery_id);
    if (isTransient(outcome)) return { ok: false, outcome };
    // Part 2 #9: the receipt says the webhook took the message, so it comes after.
    if (accepted(outcome)) this.sendQuietly(receiptFor(stanza));
    this.sendQuietly(replyTo(stanza, outcome));
    return { ok: true };
  }

  /** The sender learns that delivery failed: the last failure as an error reply. */
  private gaveUp(row: OutboxRow, outcome: CallbackOutcome): void {
    this.sendQuietly(replyTo(storedStanza(row.stanza), outcome));
  }

  private async call(hook: WebhookSettings, stanza: Element, deliveryId: string): Promise<CallbackOutcome> {
    const contentType = await this.contentTypes.get(hook.name)!;
    const outcome = await postCallback({ hook, contentType, stanza, deliveryId, userAgent: this.options.userAgent, signal: this.abort.signal });
    if (outcome.kind === "unsendable") this.log.error("cannot build a webhook request; the sender gets an error", { webhook: hook.name, reason: outcome.reason });
    return outcome;
  }

  private readonly wakeAll = (): void => {
    for (const queue of this.queues.values()) queue.wakeAll();
  };

  /** The CLI replays dead letters from another process; SQLite's data_version tells us. */
  private readonly checkExternalChanges = (): void => {
    const version = this.outbox.externalChanges();
    if (version === this.externalVersion) return;
    this.externalVersion = version;
    this.wakeAll();
  };

  /** Stanzas queued for a webhook that is no longer configured wait; say how to reach them. */
  private warnAboutOrphans(): void {
    for (const { webhook, count } of this.outbox.waitingByWebhook()) {
      if (this.hooks.has(webhook)) continue;
      this.log.warn(`${count} stanza(s) wait for webhook "${webhook}", which is not configured; set name = "${webhook}" on the [[webhook]] that should receive them`);
    }
  }

  private sendQuietly(stanza: Element | null): void {
    if (!stanza) return;
    this.options.component.send(stanza).catch((err: Error) => this.log.warn("could not send a webhook reply", { error: err.message }));
  }
}

/** A stanza this program stored itself: it came from the server, whatever its size. */
function storedStanza(text: string): Element {
  return parseStanzaXml(text, { maxBytes: Number.MAX_SAFE_INTEGER });
}
