/**
 * The archive repository on a real SQLite database: de-duplication, per-owner scoping,
 * cursors, keyword search, conversations with unread counts, and retention.
 */
import { ArchiveInputError, ArchiveRepo, NewArchivedMessage } from "../../storage/archive";
import { Db, openDatabase } from "../../storage/db";
import { scheduleRetention } from "../../storage/retention";
import type { Logger } from "../../log";

let db: Db;
let archive: ArchiveRepo;
let clock = 1_700_000_000_000;
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };

beforeEach(() => {
  db = openDatabase(":memory:");
  archive = new ArchiveRepo(db);
});

afterEach(() => db.close());

function message(overrides: Partial<NewArchivedMessage> = {}): NewArchivedMessage {
  clock += 1000;
  const body = overrides.body === undefined ? "hello" : overrides.body;
  return {
    owner: "alice@localhost",
    direction: "in",
    peer: "bob@localhost",
    type: "chat",
    body,
    subject: null,
    thread: null,
    stanzaId: `sid-${clock}`,
    originId: null,
    messageId: `m-${clock}`,
    from: "bob@localhost/phone",
    to: "alice@localhost",
    timestamp: clock,
    xml: `<message><body>${body}</body></message>`,
    ...overrides,
  };
}

describe("store", () => {
  it("returns the stored row with an id that grows with every message", () => {
    const first = archive.store(message())!;
    const second = archive.store(message({ owner: "carol@localhost" }))!;
    expect(first).toMatchObject({ owner: "alice@localhost", body: "hello", direction: "in" });
    expect(second.id).toBeGreaterThan(first.id);
  });

  it("drops a second copy with the same stanza-id for the same owner, but not for another owner", () => {
    const original = message({ stanzaId: "S1" });
    expect(archive.store(original)).not.toBeNull();
    expect(archive.store({ ...original, messageId: "other-id", timestamp: original.timestamp + 5 })).toBeNull();
    expect(archive.store({ ...original, owner: "carol@localhost" })).not.toBeNull();
    expect(archive.search("alice@localhost", { limit: 10 })).toHaveLength(1);
  });

  it("without a stanza-id, de-duplicates on sender and message id", () => {
    const copy = message({ stanzaId: null, messageId: "m1", type: "groupchat", from: "room@conference.localhost/bob", peer: "room@conference.localhost" });
    expect(archive.store(copy)).not.toBeNull();
    expect(archive.store(copy)).toBeNull();
    expect(archive.store({ ...copy, from: "room@conference.localhost/carol" })).not.toBeNull();
  });

  it("knows the owner's own message by its id, whatever stanza-id a copy carries", () => {
    const sent = message({ direction: "out", from: "alice@localhost", to: "bob@localhost", stanzaId: null, messageId: "mine-1" });
    expect(archive.store(sent)).not.toBeNull();
    // The server's copy of the same message, seen later, carries bob's stanza-id.
    expect(archive.store({ ...sent, stanzaId: "bob-archive-id", xml: "<message/>" })).toBeNull();
  });

  it("keeps every message that carries no id at all", () => {
    const bare = message({ stanzaId: null, messageId: null });
    expect(archive.store(bare)).not.toBeNull();
    expect(archive.store(bare)).not.toBeNull();
  });

  it("refuses a malformed message and stores nothing", () => {
    expect(() => archive.store(message({ owner: "alice@localhost/web" }))).toThrow(ArchiveInputError);
    expect(() => archive.store(message({ direction: "sideways" as "in" }))).toThrow(/direction/);
    expect(() => archive.store(message({ timestamp: Number.NaN }))).toThrow(/timestamp/);
    expect(archive.search("alice@localhost", { limit: 10 })).toEqual([]);
  });
});

describe("reading", () => {
  let ids: number[];
  beforeEach(() => {
    ids = [];
    for (let i = 0; i < 5; i++) ids.push(archive.store(message({ body: `bob ${i}` }))!.id);
    archive.store(message({ peer: "carol@localhost", from: "carol@localhost/x", body: "carol" }));
    archive.store(message({ owner: "bob@localhost", peer: "alice@localhost", body: "bob's own archive" }));
  });

  it("after() replays one owner's messages after an id, oldest first", () => {
    const replay = archive.after("alice@localhost", ids[1], 100);
    expect(replay.map((m) => m.body)).toEqual(["bob 2", "bob 3", "bob 4", "carol"]);
    expect(archive.after("alice@localhost", ids[1], 2).map((m) => m.body)).toEqual(["bob 2", "bob 3"]);
  });

  it("search() pages newest first with beforeId, oldest first with afterId", () => {
    const page1 = archive.search("alice@localhost", { peer: "bob@localhost", limit: 2 });
    expect(page1.map((m) => m.body)).toEqual(["bob 4", "bob 3"]);
    const page2 = archive.search("alice@localhost", { peer: "bob@localhost", beforeId: page1[1].id, limit: 2 });
    expect(page2.map((m) => m.body)).toEqual(["bob 2", "bob 1"]);
    const forward = archive.search("alice@localhost", { peer: "bob@localhost", afterId: ids[2], limit: 10 });
    expect(forward.map((m) => m.body)).toEqual(["bob 3", "bob 4"]);
  });

  it("search() filters by time, inclusive at both ends", () => {
    const [m1, , m3] = archive.search("alice@localhost", { peer: "bob@localhost", afterId: 0, limit: 10 });
    const range = archive.search("alice@localhost", { start: m1.timestamp, end: m3.timestamp, limit: 10 });
    expect(range.map((m) => m.body)).toEqual(["bob 2", "bob 1", "bob 0"]);
  });

  it("never returns another owner's messages", () => {
    expect(archive.search("alice@localhost", { keywords: "own archive", limit: 10 })).toEqual([]);
    expect(archive.after("alice@localhost", 0, 100).every((m) => m.owner === "alice@localhost")).toBe(true);
    expect(archive.search("mallory@localhost", { limit: 10 })).toEqual([]);
  });

  it("refuses bad paging with a clear error", () => {
    expect(() => archive.search("alice@localhost", { limit: 0 })).toThrow(/limit/);
    expect(() => archive.search("alice@localhost", { limit: 10_000 })).toThrow(/limit/);
    expect(() => archive.after("alice@localhost", -1, 10)).toThrow(/afterId/);
    expect(() => archive.search("alice@localhost", { beforeId: 1.5, limit: 10 })).toThrow(/beforeId/);
  });
});

describe("keyword search (FTS5)", () => {
  beforeEach(() => {
    archive.store(message({ body: "Lunch at the Café Müller tomorrow?" }));
    archive.store(message({ body: "the release is tagged" }));
    archive.store(message({ body: null, subject: "Quarterly report" }));
  });

  const bodies = (keywords: string) => archive.search("alice@localhost", { keywords, limit: 10 }).map((m) => m.body ?? m.subject);

  it("finds words regardless of case and accents, and word prefixes", () => {
    expect(bodies("cafe")).toEqual(["Lunch at the Café Müller tomorrow?"]);
    expect(bodies("MULLER lun")).toEqual(["Lunch at the Café Müller tomorrow?"]);
    expect(bodies("releas")).toEqual(["the release is tagged"]);
  });

  it("requires every word and searches the subject too", () => {
    expect(bodies("the")).toHaveLength(2);
    expect(bodies("the tagged")).toEqual(["the release is tagged"]);
    expect(bodies("quarterly")).toEqual(["Quarterly report"]);
  });

  it("treats FTS syntax as plain words", () => {
    expect(bodies('release" OR "lunch')).toEqual([]); // OR is one more word to find, not an operator
    expect(bodies('"tagged" release*')).toEqual(["the release is tagged"]);
    expect(bodies("NEAR(release tagged)")).toEqual([]);
    expect(() => bodies('"*" -')).toThrow(/keywords/);
  });

  it("forgets purged messages", () => {
    expect(archive.purgeBefore(Number.MAX_SAFE_INTEGER)).toBe(3);
    expect(bodies("the")).toEqual([]);
  });
});

describe("conversations and read markers", () => {
  it("lists the last message per peer, newest first, with incoming messages newer than the marker", () => {
    const b1 = archive.store(message({ body: "b1" }))!;
    archive.store(message({ body: "b2" }));
    archive.store(message({ body: "reply", direction: "out", from: "alice@localhost", to: "bob@localhost" }));
    archive.store(message({ peer: "carol@localhost", from: "carol@localhost/x", body: "c1" }));

    let list = archive.conversations("alice@localhost");
    expect(list.map((c) => [c.peer, c.last.body, c.unread])).toEqual([
      ["carol@localhost", "c1", 1],
      ["bob@localhost", "reply", 2],
    ]);
    // The conversation's id is its first message's; a limit keeps the newest conversations.
    expect(list.find((c) => c.peer === "bob@localhost")!.firstId).toBe(b1.id);
    expect(archive.conversations("alice@localhost", 1).map((c) => c.peer)).toEqual(["carol@localhost"]);

    archive.markRead("alice@localhost", "bob@localhost", b1.id);
    list = archive.conversations("alice@localhost");
    expect(list.find((c) => c.peer === "bob@localhost")!.unread).toBe(1);
    // A marker never moves back.
    archive.markRead("alice@localhost", "bob@localhost", 0);
    expect(archive.conversations("alice@localhost").find((c) => c.peer === "bob@localhost")!.unread).toBe(1);
    expect(archive.conversations("bob@localhost")).toEqual([]);
  });
});

describe("retention", () => {
  it("deletes messages older than the cut-off and keeps ids growing afterwards", () => {
    const old = archive.store(message({ timestamp: 1000 }))!;
    const recent = archive.store(message())!;
    expect(archive.purgeBefore(2000)).toBe(1);
    expect(archive.search("alice@localhost", { limit: 10 }).map((m) => m.id)).toEqual([recent.id]);
    archive.purgeBefore(Number.MAX_SAFE_INTEGER);
    // Ids are SSE event ids: one that was handed out is never handed out again.
    expect(archive.store(message())!.id).toBeGreaterThan(Math.max(old.id, recent.id));
  });

  it("is applied at start-up for the configured age, and never with 0", () => {
    const day = 86_400_000;
    const old = archive.store(message({ timestamp: Date.now() - 2 * day }))!;
    const recent = archive.store(message({ timestamp: Date.now() }))!;
    scheduleRetention(archive, 0, quiet).stop();
    expect(archive.search("alice@localhost", { limit: 10 })).toHaveLength(2);
    scheduleRetention(archive, day, quiet).stop();
    expect(archive.search("alice@localhost", { limit: 10 }).map((m) => m.id)).toEqual([recent.id]);
    expect(old.id).toBeLessThan(recent.id);
  });
});
