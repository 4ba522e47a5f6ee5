import { ServerProgress } from "../../component/server-progress";

/** A ping whose answers the test releases by hand, like a server that is busy. */
function manualPing() {
  const pending: (() => void)[] = [];
  return {
    pending,
    ping: () => new Promise<void>((resolve) => pending.push(resolve)),
    answerAll: () => pending.splice(0).forEach((resolve) => resolve()),
  };
}

const tick = () => new Promise((r) => setImmediate(r));
/** "went" when `waiting` settles within a tick, else "waiting": a stuck writer fails the test at once. */
const settledSoon = (waiting: Promise<unknown>) => Promise.race([waiting.then(() => "went"), tick().then(() => "waiting")]);

describe("ServerProgress", () => {
  it("lets writes through while fewer than the window are unconfirmed, then waits for the server", async () => {
    const server = manualPing();
    const progress = new ServerProgress(server.ping, 4);
    for (let i = 0; i < 4; i++) {
      await progress.room();
      progress.wrote();
    }
    const fifth = progress.room();
    expect(await settledSoon(fifth)).toBe("waiting");
    server.answerAll(); // the server has processed what was written before its ping
    expect(await settledSoon(fifth)).toBe("went");
  });

  it("asks for a confirmation every eighth of the window, several on their way at once", async () => {
    const server = manualPing();
    const progress = new ServerProgress(server.ping, 16);
    progress.wrote();
    expect(server.pending).toHaveLength(0);
    for (let i = 1; i < 6; i++) progress.wrote();
    expect(server.pending).toHaveLength(3);
  });

  it("lets a waiting writer go as soon as the oldest confirmation comes back, not the whole window", async () => {
    const server = manualPing();
    const progress = new ServerProgress(server.ping, 16);
    for (let i = 0; i < 16; i++) progress.wrote();
    expect(server.pending).toHaveLength(8);
    const waiting = progress.room();
    expect(await settledSoon(waiting)).toBe("waiting");
    server.pending.shift()!(); // the server got through the first two
    expect(await settledSoon(waiting)).toBe("went");
  });

  it("sends one ping for every barrier asked in the same tick", async () => {
    const server = manualPing();
    const progress = new ServerProgress(server.ping, 100);
    const barriers = [progress.barrier(), progress.barrier(), progress.barrier()];
    await tick();
    expect(server.pending).toHaveLength(1);
    server.answerAll();
    await Promise.all(barriers);
  });

  it("fails waiting writers when the ping fails (e.g. the connection dropped)", async () => {
    const progress = new ServerProgress(() => Promise.reject(new Error("offline")), 1);
    progress.wrote();
    await expect(progress.room()).rejects.toThrow("offline");
  });

  it("asks again for a writer that waits after a confirmation was lost", async () => {
    let fail = true;
    let pings = 0;
    const progress = new ServerProgress(() => (pings++, fail ? Promise.reject(new Error("timed out")) : Promise.resolve()), 1);
    progress.wrote();
    await expect(progress.room()).rejects.toThrow("timed out");
    fail = false;
    await tick();
    await expect(progress.room()).resolves.toBeUndefined();
    expect(pings).toBe(2);
  });

  it("starts clean on a new connection", async () => {
    const progress = new ServerProgress(() => new Promise(() => {}), 2);
    progress.wrote();
    progress.wrote();
    progress.reset();
    await expect(Promise.race([progress.room().then(() => "room"), tick().then(() => "waiting")])).resolves.toBe("room");
  });
});
