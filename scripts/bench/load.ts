/**
 * A closed-loop HTTP load generator: `concurrency` workers each send one request, wait
 * for the answer, and send the next, over keep-alive connections, for `durationMs`.
 * Reports requests per second and latency percentiles.
 */
import http from "node:http";

export interface LoadOptions {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | (() => string);
  concurrency: number;
  durationMs: number;
  /** The status every request must get. */
  expectStatus: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latencies: number[] = [];
  let errors = 0;
  const end = Date.now() + options.durationMs;
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (Date.now() < end) {
      const t0 = process.hrtime.bigint();
      const status = await request(agent, options).catch(() => -1);
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (status !== options.expectStatus) errors++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  return { requests: latencies.length, errors, rps: latencies.length / seconds, p50: pct(50), p99: pct(99), max: latencies[latencies.length - 1] ?? NaN };
}

function request(agent: http.Agent, options: LoadOptions): Promise<number> {
  const body = typeof options.body === "function" ? options.body() : options.body;
  return new Promise((resolve, reject) => {
    const req = http.request(options.url, { method: options.method ?? "GET", headers: options.headers, agent }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(body);
  });
}
