/**
 * The durable delivery queue of one webhook. Each sender's stanzas go out one at a time in
 * arrival order (only the head of a sender's queue is ever in flight); different senders
 * proceed in parallel up to the webhook's concurrency. A failed head is retried with
 * backoff on a timer (never by polling), and moves to the dead letters once it is older
 * than dead_after. Once the receiver answers again, every waiting retry is made due now.
 */
import type { Logger } from "../../log";
import type { OutboxRepo, OutboxRow } from "../../storage/outbox";
import type { CallbackOutcome } from "./callback";
import { describeOutcome, retryDelay } from "./retry";
import type { WebhookSettings } from "./settings";

export type AttemptResult = { ok: true } | { ok: false; outcome: CallbackOutcome };

export interface DeliveryWorker {
  /** One delivery attempt; ok once the webhook gave a final answer and it was acted on. */
  attempt(row: OutboxRow): Promise<AttemptResult>;
  /** Delivery of `row` gave up after `outcome` (the row is already a dead letter). */
  gaveUp(row: OutboxRow, outcome: CallbackOutcome): void;
  /** False while deliveries must wait (the component is offline: no reply could be sent). */
  canDeliver(): boolean;
}

/** setTimeout's largest delay. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class DeliveryQueue {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Senders with a delivery in flight, and that delivery. */
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Senders whose head is due, waiting for a free slot (a Set keeps arrival order). */
  private readonly ready = new Set<string>();
  private failing = false;
  private stopped = false;

  constructor(
    private readonly hook: WebhookSettings,
    private readonly outbox: OutboxRepo,
    private readonly worker: DeliveryWorker,
    private readonly log: Logger,
  ) {}

  /** Looks at every sender with stanzas waiting (start, reconnection, replays by the CLI). */
  wakeAll(): void {
    for (const sender of this.outbox.senders(this.hook.name)) this.wake(sender);
  }

  /** Delivers the sender's head now if it is due, else sets a timer for when it is. */
  wake(sender: string): void {
    if (this.stopped || this.inFlight.has(sender) || !this.worker.canDeliver()) return;
    this.clearTimer(sender);
    const head = this.outbox.head(this.hook.name, sender);
    if (!head) return;
    const wait = head.next_attempt_at - Date.now();
    if (wait > 0) {
      const timer = setTimeout(() => {
        this.timers.delete(sender);
        this.wake(sender);
      }, Math.min(wait, MAX_TIMER_MS));
      this.timers.set(sender, timer);
      return;
    }
    this.ready.add(sender);
    this.pump();
  }

  /** Stops scheduling and waits for the attempts in flight (the caller aborts them first). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.ready.clear();
    await Promise.allSettled([...this.inFlight.values()]);
  }

  private pump(): void {
    for (const sender of this.ready) {
      if (this.inFlight.size >= this.hook.concurrency) return;
      this.ready.delete(sender);
      const run: Promise<void> = this.deliverHead(sender)
        .catch((err) => this.log.error("webhook delivery failed unexpectedly", { webhook: this.hook.name, error: (err as Error).message }))
        .finally(() => {
          this.inFlight.delete(sender);
          this.wake(sender);
          this.pump();
        });
      this.inFlight.set(sender, run);
    }
  }

  private async deliverHead(sender: string): Promise<void> {
    const row = this.outbox.head(this.hook.name, sender);
    if (!row) return;
    // An exception must become a failure with backoff, or the head would be retried at once, forever.
    const result = await this.worker.attempt(row).catch(
      (err: Error): AttemptResult => ({ ok: false, outcome: { kind: "no-response", reason: `internal error: ${err.message}` } }),
    );
    if (result.ok) {
      this.outbox.complete(row.id);
      if (this.failing) this.recovered();
      return;
    }
    if (this.stopped) return; // aborted by the stop: the row waits for the next start
    this.failed(row, result.outcome);
  }

  private failed(row: OutboxRow, outcome: CallbackOutcome): void {
    const now = Date.now();
    const attempts = row.attempts + 1;
    const reason = describeOutcome(outcome);
    if (!this.failing) this.log.warn("webhook deliveries are failing; retrying", { webhook: this.hook.name, reason });
    this.failing = true;
    if (now - row.created_at >= this.hook.retry.deadAfterMs) {
      this.outbox.deadLetter(row.id, attempts, reason, now);
      this.log.warn("webhook delivery gave up: moved to the dead letters", { webhook: this.hook.name, delivery: row.delivery_id, attempts, reason });
      this.worker.gaveUp(row, outcome);
      return;
    }
    const delay = retryDelay(attempts, this.hook.retry, outcome.kind === "response" ? outcome.retryAfterMs : 0);
    this.outbox.retryLater(row.id, attempts, now + delay, reason);
  }

  /** The receiver answers again: the other senders need not wait out their backoff. */
  private recovered(): void {
    this.failing = false;
    this.log.info("webhook deliveries succeed again", { webhook: this.hook.name });
    this.outbox.hurry(this.hook.name);
    this.wakeAll();
  }

  private clearTimer(sender: string): void {
    const timer = this.timers.get(sender);
    if (timer) clearTimeout(timer);
    this.timers.delete(sender);
  }
}
