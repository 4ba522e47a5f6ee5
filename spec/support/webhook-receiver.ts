/**
 * A real HTTP server that plays a webhook receiver in tests: records every request, answers
 * as the test says (status, headers, body, a delay, or hanging up), and can be stopped and
 * started again on the same port to simulate downtime.
 */
import { randomBytes } from "node:crypto";
import http, { IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { waitFor } from "./stack";

export interface ReceivedRequest {
  method: string;
  /** The raw request target, still URL-encoded. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Close the connection without any response. */
  hangUp?: boolean;
}

export type Responder = (req: ReceivedRequest) => Answer;

export interface WebhookReceiver {
  /** http://127.0.0.1:PORT */
  url: string;
  requests: ReceivedRequest[];
  respond: Responder;
  /** Resolves with the first recorded request (past or future) that matches. */
  waitFor(match: (req: ReceivedRequest) => boolean, timeoutMs?: number): Promise<ReceivedRequest>;
  /** Requests to paths starting with `prefix` (POSTs only unless `method` says otherwise). */
  to(prefix: string, method?: string): ReceivedRequest[];
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function startReceiver(respond: Responder = () => ({ status: 204 })): Promise<WebhookReceiver> {
  let server: http.Server | null = null;
  let port = 0;
  const receiver: WebhookReceiver = {
    url: "",
    requests: [],
    respond,
    async waitFor(match, timeoutMs = 10_000) {
      await waitFor(() => receiver.requests.some(match), timeoutMs, "a webhook request");
      return receiver.requests.find(match)!;
    },
    to(prefix, method = "POST") {
      return receiver.requests.filter((r) => r.method === method && r.path.startsWith(prefix));
    },
    async start() {
      server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
          const request = { method: req.method!, path: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() };
          receiver.requests.push(request);
          const answer = receiver.respond(request);
          setTimeout(() => {
            if (answer.hangUp) return void req.socket.destroy();
            res.writeHead(answer.status ?? 204, answer.headers);
            res.end(answer.body);
          }, answer.delayMs ?? 0);
        });
      });
      await new Promise<void>((resolve, reject) => {
        server!.once("error", reject);
        server!.listen(port, "127.0.0.1", () => resolve());
      });
      port = (server.address() as AddressInfo).port;
      receiver.url = `http://127.0.0.1:${port}`;
    },
    async stop() {
      const s = server;
      server = null;
      if (!s) return;
      await new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeAllConnections();
      });
    },
  };
  await receiver.start();
  return receiver;
}

/** A Standard Webhooks secret, as an operator would generate one. */
export function webhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}
