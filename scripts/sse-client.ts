/**
 * A real Server-Sent Events client over node:http for integration tests and the
 * benchmark. It parses the stream as a browser's EventSource does (event, data, id,
 * retry, comments; an id without data still moves the last event id) and records
 * everything, so tests can wait for events and check ids. It does not reconnect by
 * itself: tests reconnect explicitly with `lastEventId`.
 */
import http from "node:http";

export interface SseEvent {
  event: string;
  /** The data, parsed as JSON (the gateway only sends JSON; anything else is kept as text and in `malformed`). */
  data: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The last event id after this event (what EventSource would expose and resend). */
  lastEventId: string;
  /** When the event was parsed (ms, performance.now()). */
  at: number;
}

export interface SseOptions {
  headers?: Record<string, string>;
  /** Sent as the Last-Event-ID header. */
  lastEventId?: string | number;
  /** Never read from the socket (a stalled client). */
  stall?: boolean;
  agent?: http.Agent;
}

export interface SseClient {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body of a non-200 answer. */
  body: string;
  events: SseEvent[];
  comments: string[];
  /** Data lines that were not JSON. */
  malformed: string[];
  retry: number | null;
  lastEventId: string;
  /** True once the server ended or broke the stream. */
  ended: boolean;
  /** Resolves with the first event (past or future) that matches. */
  waitFor(match: (e: SseEvent) => boolean, timeoutMs?: number, what?: string): Promise<SseEvent>;
  /** Resolves once `count` events matching `match` were received; returns them. */
  waitForCount(match: (e: SseEvent) => boolean, count: number, timeoutMs?: number): Promise<SseEvent[]>;
  waitForEnd(timeoutMs?: number): Promise<void>;
  /** Starts reading a stalled stream. */
  resume(): void;
  close(): void;
}

/** Opens a stream; resolves once the response headers arrived (any status). */
export function connectSse(url: string, options: SseOptions = {}): Promise<SseClient> {
  const headers: Record<string, string> = { Accept: "text/event-stream", ...options.headers };
  if (options.lastEventId !== undefined) headers["Last-Event-ID"] = String(options.lastEventId);
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent: options.agent ?? false }, (res) => {
      const listeners = new Set<() => void>();
      const notify = () => listeners.forEach((l) => l());
      const client: SseClient = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        body: "",
        events: [],
        comments: [],
        malformed: [],
        retry: null,
        lastEventId: options.lastEventId === undefined ? "" : String(options.lastEventId),
        ended: false,
        waitFor(match, timeoutMs = 5000, what = "an event") {
          return until(() => client.events.find(match), timeoutMs, what);
        },
        waitForCount(match, count, timeoutMs = 5000) {
          return until(() => {
            const found = client.events.filter(match);
            return found.length >= count ? found : undefined;
          }, timeoutMs, `${count} events`);
        },
        waitForEnd(timeoutMs = 5000) {
          return until(() => (client.ended ? true : undefined), timeoutMs, "the stream to end").then(() => undefined);
        },
        resume: () => res.resume(),
        close() {
          req.destroy();
        },
      };
      const until = <T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> =>
        new Promise((ok, fail) => {
          const listener = () => {
            const value = check();
            if (value === undefined) return;
            cleanup();
            ok(value);
          };
          const timer = setTimeout(() => {
            cleanup();
            fail(new Error(`timed out after ${timeoutMs} ms waiting for ${what} (got ${client.events.length} events: ${client.events.slice(-3).map((e) => e.event).join(", ")})`));
          }, timeoutMs);
          const cleanup = () => {
            clearTimeout(timer);
            listeners.delete(listener);
          };
          listeners.add(listener);
          listener();
        });

      const end = () => {
        client.ended = true;
        notify();
      };
      res.on("end", end);
      res.on("close", end);
      res.on("error", end);
      if (client.status !== 200) {
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (client.body += chunk));
        res.on("end", () => resolve(client));
        return;
      }
      const parser = new SseParser(client, notify);
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => parser.push(chunk));
      if (options.stall) res.pause();
      resolve(client);
    });
    req.on("error", reject);
  });
}

/** The EventSource parsing algorithm (HTML Living Standard, "Parsing an event stream"). */
class SseParser {
  private buffer = "";
  private eventType = "";
  private data: string[] = [];

  constructor(
    private readonly client: SseClient,
    private readonly notify: () => void,
  ) {}

  push(chunk: string): void {
    let text = this.buffer + chunk;
    // A "\r" at the end may be the first half of "\r\n": decide with the next chunk.
    const hold = text.endsWith("\r") ? "\r" : "";
    if (hold) text = text.slice(0, -1);
    const lines = text.split(/\r\n|\r|\n/);
    this.buffer = (lines.pop() ?? "") + hold;
    for (const line of lines) this.line(line);
    this.notify();
  }

  private line(line: string): void {
    if (line === "") return this.dispatch();
    if (line.startsWith(":")) return void this.client.comments.push(line.slice(1).trim());
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") this.eventType = value;
    else if (field === "data") this.data.push(value);
    else if (field === "id" && !value.includes("\0")) this.client.lastEventId = value;
    else if (field === "retry" && /^\d+$/.test(value)) this.client.retry = Number(value);
  }

  private dispatch(): void {
    if (this.data.length > 0) {
      const text = this.data.join("\n");
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch {
        this.client.malformed.push(text);
        data = text;
      }
      this.client.events.push({ event: this.eventType || "message", data, lastEventId: this.client.lastEventId, at: performance.now() });
    }
    this.eventType = "";
    this.data = [];
  }
}
