/**
 * A real XMPP client (xmpp.js) for integration tests: logs in as a test user, sends
 * initial presence, records every stanza it receives, and can wait for one.
 */
import { client, XmppClient } from "@xmpp/client";
import xml from "@xmpp/xml";
import type { TestServer } from "../../scripts/test-server";
import { waitFor } from "./stack";

export interface TestClient {
  xmpp: XmppClient;
  jid: string;
  received: xml.Element[];
  /** Resolves with the first received stanza (past or future) that matches. */
  waitFor(match: (stanza: xml.Element) => boolean, timeoutMs?: number): Promise<xml.Element>;
  send(stanza: xml.Element): Promise<void>;
  stop(): Promise<void>;
}

export async function connectClient(server: TestServer, user: string, resource = "test", presence = true): Promise<TestClient> {
  const xmpp = client({
    service: `xmpp://${server.host}:${server.ports.c2s}`,
    domain: server.domain,
    resource,
    username: user,
    password: server.users[user].password,
  });
  xmpp.reconnect.stop();
  const received: xml.Element[] = [];
  xmpp.on("stanza", (stanza: xml.Element) => received.push(stanza));
  xmpp.on("error", () => {});
  await xmpp.start();
  if (presence) await xmpp.send(xml("presence", {}));
  return {
    xmpp,
    jid: `${user}@${server.domain}/${resource}`,
    received,
    async waitFor(match, timeoutMs = 5000) {
      await waitFor(() => received.some(match), timeoutMs, "a stanza");
      return received.find(match)!;
    },
    send: (stanza) => xmpp.send(stanza),
    async stop() {
      try {
        await xmpp.stop();
      } catch {
        xmpp.socket?.destroy();
      }
    },
  };
}
