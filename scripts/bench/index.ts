/**
 * `npm run bench -- [suite] [--duration 20s] [--concurrency 1,10,50] [--inbound spool|forward|none]`
 *
 * Suites:
 *   slice   POST /rest chat message alice → bob (bob online as a real client), with a
 *           cached Basic login and with a token, one request at a time: p50 latency
 *   rest    the same message, and an iq ping to the domain, with token and with Basic, at
 *           each concurrency: requests/s, p50 and p99 (the stanza-API benchmark)
 *   sse     bob's real client → alice's event stream at 200 messages/s: p50/p99 latency;
 *           the gateway's RSS with 2,000 open streams (scripts/bench/sse.ts)
 * The gateway runs in its own process against a throwaway Prosody. --inbound sets up the
 * users' message feed (default spool, as deployed; `none` measures the stanza API alone,
 * which is what mod_rest offers).
 */
import { client } from "@xmpp/client";
import xml from "@xmpp/xml";
import { parseDuration } from "../../config/duration";
import { runLoad } from "./load";
import { runSseBench } from "./sse";
import type { InboundMode } from "../../component/prosody-config";
import { startBenchStack } from "./stack";

interface Row {
  scenario: string;
  auth: string;
  concurrency: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  requests: number;
  errors: number;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const i = args.indexOf(name);
    return i === -1 ? undefined : args.splice(i, 2)[1];
  };
  const durationMs = parseDuration(option("--duration") ?? "20s") ?? 20_000;
  const concurrencies = (option("--concurrency") ?? "1,10,50").split(",").map(Number);
  const inbound = (option("--inbound") ?? "spool") as InboundMode;
  const suite = args[0] ?? "rest";
  if (suite === "sse") return runSseBench({ durationMs });

  const stack = await startBenchStack({ server: { inbound } });
  const bob = client({ service: `xmpp://127.0.0.1:${stack.server.ports.c2s}`, domain: stack.server.domain, resource: "bench", username: "bob", password: stack.server.users.bob.password });
  bob.reconnect.stop();
  let delivered = 0;
  bob.on("stanza", (s: xml.Element) => void (s.is("message") && s.getChild("body") && delivered++));
  await bob.start();
  await bob.send(xml("presence", {}));
  // TCP_NODELAY for the receiving client too, so it acknowledges promptly.
  bob.socket?.setNoDelay(true);

  const auth = { token: `Bearer ${await stack.token("alice")}`, basic: stack.basic("alice") };
  // Warm the Basic cache and the JIT.
  await fetch(stack.url + "/auth/token", { method: "POST", headers: { Authorization: auth.basic } });

  const message = JSON.stringify({ type: "chat", to: `bob@${stack.server.domain}`, body: "benchmark" });
  const scenarios = {
    message: { method: "POST", path: "/rest", body: message, expectStatus: 202, type: "application/json" },
    ping: { method: "POST", path: "/rest", body: JSON.stringify({ kind: "iq", type: "get", to: stack.server.domain, ping: true }), expectStatus: 200, type: "application/json" },
  };
  const plan =
    suite === "slice"
      ? [1].flatMap((c) => (["token", "basic"] as const).map((a) => ({ name: "message" as const, auth: a, concurrency: c })))
      : (["message", "ping"] as const).flatMap((name) => (["token", "basic"] as const).flatMap((a) => concurrencies.map((c) => ({ name, auth: a, concurrency: c }))));

  const rows: Row[] = [];
  for (const step of plan) {
    const s = scenarios[step.name];
    const before = delivered;
    const r = await runLoad({ url: stack.url + s.path, method: s.method, headers: { Authorization: auth[step.auth], "Content-Type": s.type }, body: s.body, concurrency: step.concurrency, durationMs, expectStatus: s.expectStatus });
    if (step.name === "message") {
      // Wait until Prosody has delivered everything, so stages do not overlap.
      let last = -1;
      while (delivered !== last) {
        last = delivered;
        await new Promise((res) => setTimeout(res, 1000));
      }
      if (delivered - before < r.requests - r.errors) console.error(`warning: bob received ${delivered - before} of ${r.requests} messages`);
    }
    rows.push({ scenario: step.name, auth: step.auth, concurrency: step.concurrency, ...r });
    console.error(`${step.name} ${step.auth} c=${step.concurrency}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, ${r.errors} errors`);
  }

  console.log(`\n| scenario | auth | concurrency | req/s | p50 ms | p99 ms | max ms | requests | errors |\n|---|---|---|---|---|---|---|---|---|`);
  for (const r of rows) {
    console.log(`| ${r.scenario} | ${r.auth} | ${r.concurrency} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.max.toFixed(0)} | ${r.requests} | ${r.errors} |`);
  }
  await bob.stop().catch(() => {});
  await stack.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
