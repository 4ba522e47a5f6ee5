/**
 * One open event stream: an HTTP response that stays open and receives SSE text.
 *
 * Back-pressure: what the client has not read yet waits in Node's buffer. Past
 * `maxBuffer` bytes the client is cut off, and a client that took nothing at all for a
 * whole heartbeat interval while data was waiting is cut off too, so a stalled reader
 * costs a bounded amount of memory. The bound is checked once the writes of the current
 * tick reached the socket (Node holds a tick's writes back to frame them), so one large
 * event does not count against a client that reads. Replay waits for the buffer to drain.
 *
 * Until replay is done the stream ignores live archived events (replay reads them from
 * the archive); after, it drops any live event already replayed.
 */
import type { ServerResponse } from "node:http";

export interface EventStreamOptions {
  user: string;
  /** The client asked for chatapi.xmpp (raw stanzas). */
  raw: boolean;
  maxBuffer: number;
  /** Sent as `retry:`: how long a browser waits before reconnecting. */
  retryMs: number;
  onClose(stream: EventStream, reason: string): void;
}

export class EventStream {
  readonly user: string;
  readonly raw: boolean;
  private live = false;
  private lastReplayedId = 0;
  private closed = false;
  private queued = 0;
  private boundCheckPending = false;
  /** Bytes flushed at the last heartbeat if data was waiting then, else null. */
  private flushedAtLastBeat: number | null = null;

  constructor(
    private readonly res: ServerResponse,
    private readonly options: EventStreamOptions,
  ) {
    this.user = options.user;
    this.raw = options.raw;
    res.on("close", () => this.finish("client closed the connection"));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Sends the headers and the reconnect delay; events may follow. */
  start(): void {
    this.res.writeHead(200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      // nginx would otherwise buffer the stream
      "X-Accel-Buffering": "no",
    });
    this.res.socket?.setNoDelay(true);
    this.write(`retry: ${this.options.retryMs}\n\n`);
  }

  /** Writes SSE text; false when the stream is closed or Node's buffer is above its mark. */
  write(text: string): boolean {
    if (this.closed) return false;
    if (text === "") return true;
    const chunk = Buffer.from(text, "utf8");
    this.queued += chunk.length;
    const belowMark = this.res.write(chunk);
    if (!this.boundCheckPending) {
      this.boundCheckPending = true;
      setImmediate(() => this.checkBound());
    }
    return belowMark;
  }

  /** A live message group: skipped while replaying (replay reads it) and once already replayed. */
  deliverArchived(text: string, id: number): void {
    if (this.live && id > this.lastReplayedId) this.write(text);
  }

  /** Replay is done up to `lastReplayedId`: from now on live events go out as they come. */
  goLive(lastReplayedId: number): void {
    this.live = true;
    this.lastReplayedId = lastReplayedId;
  }

  /** Resolves once the buffer is empty again, or the stream closed. */
  drained(): Promise<void> {
    if (this.closed || this.res.writableLength === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.res.off("drain", done);
        this.res.off("close", done);
        resolve();
      };
      this.res.once("drain", done);
      this.res.once("close", done);
    });
  }

  /**
   * A comment line keeps proxies from closing an idle stream. Also the stall check: if
   * data was waiting at the last beat and no byte of it left since, the client is gone.
   */
  heartbeat(): void {
    if (this.closed) return;
    // What left Node's buffer so far (chunk framing makes it a slight underestimate).
    const flushed = this.queued - this.res.writableLength;
    if (this.res.writableLength > 0 && this.flushedAtLastBeat !== null && flushed <= this.flushedAtLastBeat) {
      this.cutOff("the client read nothing for a whole heartbeat interval");
      return;
    }
    this.flushedAtLastBeat = this.res.writableLength > 0 ? flushed : null;
    this.write(": ping\n\n");
  }

  close(reason: string): void {
    if (this.closed) return;
    this.res.end();
    this.finish(reason);
  }

  private checkBound(): void {
    this.boundCheckPending = false;
    if (this.res.writableLength > this.options.maxBuffer) this.cutOff(`more than ${this.options.maxBuffer} bytes unread`);
  }

  private cutOff(reason: string): void {
    if (this.closed) return;
    // destroy, not end: end() would wait behind the unread data it is meant to free.
    this.res.destroy();
    this.finish(`cut off: ${reason}`);
  }

  private finish(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.options.onClose(this, reason);
  }
}
