import { replayDeadLetters } from "../../http/webhooks/dead-letters";
import { Db, openDatabase } from "../../storage/db";
import { OutboxRepo } from "../../storage/outbox";
import { DeadLettersRepo } from "../../storage/webhook-dead-letters";

function deadLetter(db: Db, webhook: string): number {
  const outbox = new OutboxRepo(db);
  outbox.deadLetter(outbox.add({ webhook, sender: "alice@localhost", kind: "message", stanza: "<message/>" }), 3, "503 Service Unavailable");
  return new DeadLettersRepo(db).list().at(-1)!.id;
}

describe("replayDeadLetters", () => {
  it("replays those of configured webhooks, and keeps those of a webhook no longer configured", () => {
    const db = openDatabase(":memory:");
    const outbox = new OutboxRepo(db);
    const repo = new DeadLettersRepo(db);
    const kept = deadLetter(db, "renamed");
    const replayed = deadLetter(db, "bots");

    const report = replayDeadLetters(repo, new Set(["bots"]), "all");
    expect(report.replayed.map((r) => r.id)).toEqual([replayed]);
    expect(report.refused).toEqual([{ id: kept, reason: "webhook_not_configured", webhook: "renamed" }]);
    expect(repo.list().map((r) => r.id)).toEqual([kept]);
    expect(outbox.senders("bots")).toEqual(["alice@localhost"]);
  });

  it("reports an unknown id as not found and changes nothing", () => {
    const db = openDatabase(":memory:");
    const repo = new DeadLettersRepo(db);
    const id = deadLetter(db, "bots");
    expect(replayDeadLetters(repo, new Set(["bots"]), id + 1)).toEqual({ replayed: [], refused: [{ id: id + 1, reason: "not_found" }] });
    expect(repo.list().map((r) => r.id)).toEqual([id]);
  });
});
