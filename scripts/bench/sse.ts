/**
 * The `sse` benchmark suite, against the gateway in its own process (stack.ts):
 *
 * 1. latency: bob's real XMPP client sends alice chat messages at a steady rate (200/s by
 *    default); one SSE client of alice's notes when each arrives. Latency is from bob's
 *    send to the event being parsed, through Prosody, the spool feed, the archive and
 *    the stream: p50, p99 and max, and how many arrived.
 * 2. memory: the gateway's resident set size (RSS) with one stream open, then with 2,000
 *    open streams, and how long one message takes to reach the last of them.
 */
import { client } from "@xmpp/client";
import xml from "@xmpp/xml";
import { readFileSync } from "node:fs";
import { connectSse, SseClient } from "../sse-client";
import { startBenchStack } from "./stack";

export interface SseBenchOptions {
  durationMs: number;
  rate?: number;
  streams?: number;
}

export async function runSseBench({ durationMs, rate = 200, streams = 2000 }: SseBenchOptions): Promise<void> {
  const stack = await startBenchStack({ toml: `[sse]\nmax_streams_per_user = ${streams + 10}\nmax_streams = ${streams + 100}` });
  const open: SseClient[] = [];
  const bob = client({ service: `xmpp://127.0.0.1:${stack.server.ports.c2s}`, domain: stack.server.domain, resource: "bench", username: "bob", password: stack.server.users.bob.password });
  bob.reconnect.stop();
  try {
    await bob.start();
    await bob.send(xml("presence", {}));
    bob.socket?.setNoDelay(true);
    const headers = { Authorization: `Bearer ${await stack.token("alice")}` };
    const url = `${stack.url}/sparkweb/sse`;
    const pid = stack.pid;

    const stream = await connectSse(url, { headers });
    open.push(stream);
    await stream.waitFor((e) => e.event === "onLive", 10_000);
    let n = 0;
    const send = (body: string) => bob.send(xml("message", { to: `alice@${stack.server.domain}`, type: "chat", id: `b${n++}` }, xml("body", {}, body)));
    const arrived = (body: string) => stream.waitFor((e) => e.event === "chatapi.chat" && e.data.body === body, 15_000, body);
    // Warm up: the spool reader logs in, the JIT warms, the archive's statements are prepared.
    for (let i = 0; i < 50; i++) await send(`warm ${i}`);
    await arrived("warm 49");

    // 1. latency at a steady rate
    const sentAt = new Map<string, number>();
    const start = performance.now();
    let sent = 0;
    const total = Math.round((durationMs / 1000) * rate);
    while (sent < total) {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate) + 1);
      for (; sent < due; sent++) {
        const body = `m ${sent}`;
        sentAt.set(body, performance.now());
        void send(body);
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    const achievedRate = total / ((performance.now() - start) / 1000);
    await arrived(`m ${total - 1}`).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 500));
    const latencies = stream.events
      .filter((e) => e.event === "chatapi.chat" && sentAt.has(e.data.body))
      .map((e) => e.at - sentAt.get(e.data.body)!)
      .sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
    console.error(`latency: ${latencies.length}/${total} messages at ${achievedRate.toFixed(0)}/s`);

    // 2. memory with many open streams
    const rssOne = rssOf(pid);
    for (let i = 0; i < streams; i += 100) {
      const batch = await Promise.all(Array.from({ length: Math.min(100, streams - i) }, () => connectSse(url, { headers })));
      open.push(...batch);
      await Promise.all(batch.map((s) => s.waitFor((e) => e.event === "onLive", 30_000)));
    }
    const failed = open.filter((s) => s.status !== 200).length;
    await new Promise((r) => setTimeout(r, 2000));
    const rssMany = rssOf(pid);
    const fanStart = performance.now();
    await send("fan-out");
    await Promise.all(open.map((s) => s.waitFor((e) => e.event === "chatapi.chat" && e.data.body === "fan-out", 15_000)));
    const fanOut = performance.now() - fanStart;
    const rssAfter = rssOf(pid);

    console.log(`\n| measure | value |\n|---|---|`);
    console.log(`| messages sent at ${rate}/s (achieved) | ${total} (${achievedRate.toFixed(0)}/s) |`);
    console.log(`| events received | ${latencies.length} |`);
    console.log(`| latency p50 / p99 / max | ${pct(50).toFixed(1)} / ${pct(99).toFixed(1)} / ${latencies[latencies.length - 1].toFixed(1)} ms |`);
    console.log(`| gateway RSS, 1 stream | ${mib(rssOne)} |`);
    console.log(`| gateway RSS, ${streams + 1} streams open (${failed} refused) | ${mib(rssMany)} (+${((rssMany - rssOne) / streams / 1024).toFixed(1)} KiB per stream) |`);
    console.log(`| one message to all ${streams + 1} streams (until the last got it) | ${fanOut.toFixed(0)} ms, RSS then ${mib(rssAfter)} |`);
  } finally {
    for (const s of open) s.close();
    await bob.stop().catch(() => {});
    await stack.stop();
  }
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Resident set size (bytes) of a process, from /proc. */
function rssOf(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  if (!kb) throw new Error(`no RSS for process ${pid}`);
  return Number(kb) * 1024;
}
