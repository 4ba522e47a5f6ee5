/**
 * The durable queue on a real (in-memory) SQLite database, with a scripted worker in place
 * of HTTP: order per sender, parallel senders, backoff on timers, dead letters by age,
 * hurrying after recovery, pausing while offline, and the 002 migration of 001's outbox.
 */
import Database from "better-sqlite3";
import type { Logger } from "../../log";
import { CallbackOutcome } from "../../http/webhooks/callback";
import { AttemptResult, DeliveryQueue, DeliveryWorker } from "../../http/webhooks/queue";
import { WebhookSettings } from "../../http/webhooks/settings";
import { Db, migrate, openDatabase } from "../../storage/db";
import { MIGRATIONS } from "../../storage/migrations";
import { OutboxRepo, OutboxRow } from "../../storage/outbox";
import { DeadLettersRepo } from "../../storage/webhook-dead-letters";
import { waitFor } from "../support/stack";

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };
const FAILURE: CallbackOutcome = { kind: "no-response", reason: "connection refused (ECONNREFUSED)" };

function settings(overrides: Partial<WebhookSettings["retry"]> & { concurrency?: number } = {}): WebhookSettings {
  const { concurrency = 4, ...retry } = overrides;
  return {
    name: "hook",
    url: "http://h/",
    contentType: "application/xmpp+xml",
    stanzas: new Set(["message", "presence", "iq"]),
    events: new Set(["bare", "full", "host"]),
    timeoutMs: 1000,
    signingKey: null,
    retry: { initialMs: 20, maxMs: 40, deadAfterMs: 60_000, ...retry },
    concurrency,
    iqConcurrency: 64,
  };
}

/** A worker whose answer the test decides; it records every attempt. */
class ScriptedWorker implements DeliveryWorker {
  attempts: { row: OutboxRow; at: number }[] = [];
  gaveUpOn: OutboxRow[] = [];
  inFlight = 0;
  maxInFlight = 0;
  online = true;
  answer: (row: OutboxRow) => AttemptResult | Promise<AttemptResult> = () => ({ ok: true });

  async attempt(row: OutboxRow): Promise<AttemptResult> {
    this.attempts.push({ row, at: Date.now() });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((r) => setTimeout(r, 5));
      return await this.answer(row);
    } finally {
      this.inFlight--;
    }
  }

  gaveUp(row: OutboxRow): void {
    this.gaveUpOn.push(row);
  }

  canDeliver(): boolean {
    return this.online;
  }

  stanzas(): string[] {
    return this.attempts.map((a) => a.row.stanza);
  }
}

let db: Db;
let outbox: OutboxRepo;
let worker: ScriptedWorker;
let queue: DeliveryQueue | undefined;

function start(hook = settings()): void {
  queue = new DeliveryQueue(hook, outbox, worker, quiet);
}

function enqueue(sender: string, stanza: string): void {
  outbox.add({ webhook: "hook", sender, kind: "message", stanza });
  queue!.wake(sender);
}

function waiting(): number {
  return (db.prepare("SELECT COUNT(*) AS n FROM webhook_outbox").get() as { n: number }).n;
}

beforeEach(() => {
  db = openDatabase(":memory:");
  outbox = new OutboxRepo(db);
  worker = new ScriptedWorker();
});

afterEach(async () => {
  await queue?.stop();
  queue = undefined;
  db.close();
});

it("delivers each sender's stanzas one at a time, in order, and senders in parallel up to the concurrency", async () => {
  start(settings({ concurrency: 2 }));
  for (let i = 1; i <= 5; i++) for (const sender of ["a", "b", "c"]) enqueue(sender, `${sender}${i}`);
  await waitFor(() => waiting() === 0, 5000, "the outbox to drain");
  for (const sender of ["a", "b", "c"]) {
    expect(worker.stanzas().filter((s) => s.startsWith(sender))).toEqual([1, 2, 3, 4, 5].map((i) => `${sender}${i}`));
  }
  expect(worker.maxInFlight).toBe(2);
});

it("retries a failing head with backoff on a timer, the stanzas behind it waiting, then goes on in order", async () => {
  start();
  let failures = 3;
  worker.answer = (row) => (row.stanza === "a1" && failures-- > 0 ? { ok: false, outcome: FAILURE } : { ok: true });
  enqueue("a", "a1");
  enqueue("a", "a2");
  await waitFor(() => waiting() === 0, 5000, "the outbox to drain");
  expect(worker.stanzas()).toEqual(["a1", "a1", "a1", "a1", "a2"]);
  const gaps = worker.attempts.slice(1, 4).map((a, i) => a.at - worker.attempts[i].at);
  // Backoff of 20, 40, 40 ms with up to half random (plus the 5 ms an attempt takes).
  expect(gaps[0]).toBeGreaterThanOrEqual(10);
  expect(gaps[1]).toBeGreaterThanOrEqual(20);
  expect(gaps[2]).toBeGreaterThanOrEqual(20);
});

it("records attempts and the last error while retrying, and keeps the same delivery id", async () => {
  start(settings({ initialMs: 5000, maxMs: 5000 }));
  worker.answer = () => ({ ok: false, outcome: FAILURE });
  enqueue("a", "a1");
  await waitFor(() => outbox.head("hook", "a")!.attempts === 1, 2000, "one failure");
  const row = outbox.head("hook", "a")!;
  expect(row).toMatchObject({ attempts: 1, last_error: "connection refused (ECONNREFUSED)" });
  expect(row.next_attempt_at - Date.now()).toBeGreaterThan(2000);
  expect(worker.attempts).toHaveLength(1); // no polling: the next try waits for its timer
  expect(row.delivery_id).toBe(worker.attempts[0].row.delivery_id);
});

it("moves a stanza older than dead_after to the dead letters, tells the worker, and goes on with the next", async () => {
  start(settings({ deadAfterMs: 100 }));
  worker.answer = (row) => (row.stanza === "a1" ? { ok: false, outcome: FAILURE } : { ok: true });
  enqueue("a", "a1");
  enqueue("a", "a2");
  await waitFor(() => waiting() === 0, 5000, "the outbox to drain");
  expect(worker.gaveUpOn.map((r) => r.stanza)).toEqual(["a1"]);
  const [dead] = new DeadLettersRepo(db).list();
  expect(dead).toMatchObject({ webhook: "hook", sender: "a", kind: "message", last_error: "connection refused (ECONNREFUSED)", delivery_id: worker.gaveUpOn[0].delivery_id });
  expect(dead.attempts).toBeGreaterThan(1);
  expect(worker.stanzas().at(-1)).toBe("a2");
});

it("makes every waiting retry due once the receiver answers again", async () => {
  start(settings({ initialMs: 10_000, maxMs: 10_000 }));
  let down = true;
  worker.answer = () => (down ? { ok: false, outcome: FAILURE } : { ok: true });
  enqueue("a", "a1");
  enqueue("b", "b1");
  await waitFor(() => outbox.head("hook", "a")?.attempts === 1 && outbox.head("hook", "b")?.attempts === 1, 2000, "both to fail once");
  down = false;
  enqueue("c", "c1"); // a new sender succeeds at once...
  await waitFor(() => waiting() === 0, 2000, "the others to follow without waiting 10 s"); // ...and a and b follow
  expect(worker.stanzas().sort()).toEqual(["a1", "a1", "b1", "b1", "c1"]);
});

it("delivers nothing while it cannot, and everything once woken", async () => {
  start();
  worker.online = false;
  enqueue("a", "a1");
  await new Promise((r) => setTimeout(r, 50));
  expect(worker.attempts).toHaveLength(0);
  worker.online = true;
  queue!.wakeAll();
  await waitFor(() => waiting() === 0, 2000, "the delivery");
});

it("turns an exception of the worker into a failure with backoff, not a retry loop", async () => {
  start(settings({ initialMs: 1000, maxMs: 1000 }));
  worker.answer = () => {
    throw new Error("unexpected");
  };
  enqueue("a", "a1");
  await new Promise((r) => setTimeout(r, 150));
  expect(worker.attempts).toHaveLength(1);
  expect(outbox.head("hook", "a")!.last_error).toBe("internal error: unexpected");
});

it("waits for attempts in flight when stopped, and leaves the stanza for the next start", async () => {
  start();
  let release: ((r: AttemptResult) => void) | undefined;
  worker.answer = () => new Promise<AttemptResult>((r) => (release = r));
  enqueue("a", "a1");
  await waitFor(() => release !== undefined, 1000, "the attempt");
  const stopped = queue!.stop();
  release!({ ok: false, outcome: { kind: "no-response", reason: "the gateway stopped" } });
  await stopped;
  expect(outbox.head("hook", "a")).toMatchObject({ stanza: "a1", attempts: 0 });
});

it("migration 002 keeps rows of 001's outbox, and replays keep the delivery id at the end of the queue", () => {
  const old = new Database(":memory:");
  old.exec(MIGRATIONS[0]);
  old.pragma("user_version = 1");
  old.prepare("INSERT INTO webhook_outbox (webhook, delivery_id, sender, kind, stanza, created_at, next_attempt_at) VALUES (0, 'msg_x', 's', 'message', '<message/>', 1, 1)").run();
  migrate(old);
  const repo = new OutboxRepo(old);
  expect(repo.head("0", "s")).toMatchObject({ delivery_id: "msg_x", stanza: "<message/>" });

  repo.add({ webhook: "0", sender: "s", kind: "message", stanza: "<message id='later'/>" });
  repo.deadLetter(repo.head("0", "s")!.id, 3, "HTTP 500 Internal Server Error");
  const dead = new DeadLettersRepo(old);
  const [row] = dead.list();
  dead.replay(row.id);
  expect(dead.list()).toEqual([]);
  const queued = old.prepare("SELECT delivery_id, attempts FROM webhook_outbox ORDER BY id").all();
  expect(queued).toEqual([{ delivery_id: expect.stringMatching(/^msg_/), attempts: 0 }, { delivery_id: "msg_x", attempts: 0 }]);
  old.close();
});
