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

describe("ServerProgress", () => {
  it("lets writes through while fewer than the window are unconfirmed, then waits for the server", async () => {
    const server = manualPing();
    const progress = new ServerProgress(server.ping, 4);
    for (let i = 0; i < 4; i++) {
      await progress.room();
      progress.wrote();
    }
    let fifthMayGo = false;
    const fifth = progress.room().then(() => (fifthMayGo = true));
    await tick();
    expect(fifthMayGo).toBe(false);
    server.answerAll(); // the server has processed what was written before its ping
    await fifth;
    expect(fifthMayGo).toBe(true);
  });

  it("asks for a confirmation at a quarter of the window, before anyone has to wait", async () => {
    const server = manualPing();
    const progress = new ServerProgress(server.ping, 8);
    progress.wrote();
    await tick();
    expect(server.pending).toHaveLength(0);
    progress.wrote();
    await tick();
    expect(server.pending).toHaveLength(1);
  });

  it("keeps a confirmation on its way while writes continue", async () => {
    const server = manualPing();
    const progress = new ServerProgress(server.ping, 8);
    progress.wrote();
    progress.wrote(); // first ping asked for
    await tick();
    progress.wrote();
    progress.wrote(); // written after the first ping
    server.answerAll();
    await tick();
    await tick();
    expect(server.pending).toHaveLength(1); // the next ping left as soon as the first came back
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

  it("starts clean on a new connection", async () => {
    const progress = new ServerProgress(() => new Promise(() => {}), 2);
    progress.wrote();
    progress.wrote();
    progress.reset();
    await expect(Promise.race([progress.room().then(() => "room"), tick().then(() => "waiting")])).resolves.toBe("room");
  });
});
