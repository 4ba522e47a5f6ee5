/**
 * `npm run demo`: a throwaway Prosody with demo users, the gateway attached to it, and
 * bob logged in as a real XMPP client that prints what he receives. Prints the URLs,
 * the users and a curl command that works as printed. Ctrl-C stops everything.
 */
import { client } from "@xmpp/client";
import xml from "@xmpp/xml";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfigFile } from "../config";
import { startGateway } from "../gateway";
import { freePorts, portOpen, prosodyInstalled, startTestServer } from "./test-server";

async function main(): Promise<void> {
  if (!prosodyInstalled()) {
    console.error("The demo needs Prosody 0.12 and prosody-modules:\n  sudo apt-get install -y prosody prosody-modules");
    process.exit(1);
  }
  const server = await startTestServer({ users: ["alice", "bob", "carol"] });
  const dir = mkdtempSync(join(tmpdir(), "xmpp-rest-demo-"));
  const httpPort = (await portOpen(5281)) ? (await freePorts(1))[0] : 5281;
  const configPath = join(dir, "config.toml");
  writeFileSync(
    configPath,
    `[component]
jid = "${server.componentJid}"
secret = "${server.secret}"
port = ${server.ports.component}
[server]
domain = "${server.domain}"
c2s_port = ${server.ports.c2s}
[http]
port = ${httpPort}
[storage]
path = "${join(dir, "demo.sqlite")}"
[auth]
admins = ["alice@${server.domain}"]
[log]
level = "warn"
`,
  );
  const gateway = await startGateway(loadConfigFile(configPath, {}));
  const started = Date.now();
  while (!gateway.component.ready && Date.now() - started < 10_000) await new Promise((r) => setTimeout(r, 20));

  const bob = client({ service: `xmpp://127.0.0.1:${server.ports.c2s}`, domain: server.domain, resource: "demo", username: "bob", password: server.users.bob.password });
  bob.reconnect.stop();
  bob.on("stanza", (stanza: xml.Element) => {
    const body = stanza.is("message") ? stanza.getChildText("body") : null;
    if (body !== null) console.log(`\n[bob's XMPP client] message from ${stanza.attrs.from}: ${body}`);
  });
  bob.on("error", () => {});
  await bob.start();
  await bob.send(xml("presence", {}));

  const { alice, carol } = server.users;
  const url = gateway.url;
  console.log(`
xmpp-rest-component demo
  HTTP API      ${url}   (ready: ${gateway.component.ready}; ${url}/ready shows the granted privileges)
  XMPP server   Prosody pid ${server.pid}, domain ${server.domain}, client port ${server.ports.c2s}, component port ${server.ports.component}
  config        ${configPath}

Users (passwords are random for this run):
  alice@${server.domain}   ${alice.password}   (admin)
  bob@${server.domain}     ${server.users.bob.password}   (logged in here as a real XMPP client; prints what he receives)
  carol@${server.domain}   ${carol.password}

Send a message as alice to bob:
  curl -i -u 'alice@${server.domain}:${alice.password}' -H 'Content-Type: application/json' \\
       -d '{"type":"chat","to":"bob@${server.domain}","body":"Hello from curl"}' ${url}/rest

Get a token, then ping the server as alice with it:
  TOKEN=$(curl -s -u 'alice:${alice.password}' -X POST ${url}/auth/token | sed -E 's/.*"token":"([^"]+)".*/\\1/')
  curl -s -H "Authorization: Bearer $TOKEN" -H 'Accept: application/json' ${url}/rest/ping/${server.domain}

Watch alice's event stream (Server-Sent Events) in another terminal, then send her a message as bob:
  curl -N -u 'alice:${alice.password}' ${url}/sparkweb/sse
  curl -u 'bob:${server.users.bob.password}' -H 'Content-Type: application/json' \\
       -d '{"type":"chat","to":"alice@${server.domain}","body":"Hi alice"}' ${url}/rest

Ctrl-C stops the gateway and Prosody.`);

  const stop = async () => {
    console.log("\nstopping…");
    await bob.stop().catch(() => {});
    await gateway.stop();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
