/**
 * How far the server has got with what the component wrote. The server handles one
 * stream's stanzas in order, so the answer to a ping sent now proves that everything
 * written before the ping was processed. Two uses:
 *
 * - barrier(): wait until the server processed what was written so far (bounces of a
 *   bot's stanza arrive before the ping's answer);
 * - room(): flow control. A write completes as soon as the kernel takes it, so without
 *   a bound the gateway runs ahead of a busy server, megabytes pile up in socket buffers
 *   and every send stalls for seconds while the server drains them. Waiting while more
 *   than `window` stanzas are unconfirmed turns that into a short, even queue here.
 */
export class ServerProgress {
  private writtenCount = 0;
  private confirmedCount = 0;
  private next: Promise<void> | null = null;

  constructor(
    private readonly ping: () => Promise<void>,
    private readonly window: number,
  ) {}

  /** Counts one stanza written to the server; past a quarter of the window, asks for a confirmation ahead of need. */
  wrote(): void {
    this.writtenCount++;
    if (!this.next && this.writtenCount - this.confirmedCount >= this.window / 4) this.barrier().catch(() => {});
  }

  /** Resolves once the server processed everything written before this call. */
  barrier(): Promise<void> {
    // One ping, sent on the next tick, covers every caller of this tick.
    this.next ??= new Promise<void>((resolve) => process.nextTick(resolve)).then(() => {
      this.next = null; // stanzas written from now on need the next ping
      const covered = this.writtenCount;
      return this.ping().then(() => {
        this.confirmedCount = Math.max(this.confirmedCount, covered);
        // Keep a confirmation on its way while anything is unconfirmed, so writers never
        // find the window shut and the server never idles waiting for them.
        if (this.writtenCount - this.confirmedCount >= this.window / 4) this.barrier().catch(() => {});
      });
    });
    return this.next;
  }

  /** Waits while `window` or more written stanzas are not yet known to be processed. */
  async room(): Promise<void> {
    while (this.writtenCount - this.confirmedCount >= this.window) await this.barrier();
  }

  /** A new connection: nothing is in flight on it. */
  reset(): void {
    this.confirmedCount = this.writtenCount;
  }
}
