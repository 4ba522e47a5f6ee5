/**
 * The gateway's feed of users' messages into the archive and onto the event bus, in the
 * mode the server is configured for (component/prosody-config.ts prints the rules):
 *
 * - `spool`: the server forwards a copy of every message delivered to a local user to a
 *   spool account, read here with stream management; nothing is lost while the gateway
 *   is down or restarting;
 * - `forward`: the copies go straight to the component; what arrives while the gateway is
 *   disconnected is lost;
 * - `none`: no copies; only what the gateway itself sends is archived.
 */
import type { Logger } from "../../log";
import type { ArchiveRepo } from "../../storage/archive";
import type { XmppComponent } from "../index";
import type { InboundMode } from "../prosody-config";
import { delayStamp, Element, NS } from "../stanza";
import { MessageArchiver } from "./archiver";
import type { SpoolAccount } from "./spool-account";
import { SpoolReader } from "./spool-reader";

export interface InboundFeedOptions {
  mode: InboundMode;
  component: XmppComponent;
  archive: Pick<ArchiveRepo, "storeMany">;
  /** The server's client port (spool mode). */
  c2s: { host: string; port: number };
  spool: SpoolAccount;
  log: Logger;
}

export interface InboundFeed {
  mode: InboundMode;
  /** The spool reader (spool mode only). */
  spool: SpoolReader | null;
  stop(): Promise<void>;
}

export function startInboundFeed({ mode, component, archive, c2s, spool, log }: InboundFeedOptions): InboundFeed {
  const serverDomain = component.serverDomain;
  const archiver = new MessageArchiver({ archive, events: component.events, serverDomain, log: log.child("archive") });
  const onSent = (user: string, message: Element) => archiver.sent(user, message);
  component.events.on("sent", onSent);

  const onForward = (message: Element) => {
    try {
      archiver.delivered(message, Date.now());
    } catch (err) {
      log.error("could not archive a forwarded message; it is lost", { error: (err as Error).message });
    }
  };
  if (mode === "forward") component.events.on("forwardedMessage", onForward);

  const reader =
    mode === "spool"
      ? new SpoolReader({
          ...c2s,
          domain: serverDomain,
          user: spool.user,
          password: spool.password,
          handle: (wrapper) => takeSpooled(wrapper, serverDomain, archiver),
          log: log.child("spool"),
        })
      : null;
  reader?.start();

  return {
    mode,
    spool: reader,
    async stop() {
      await reader?.stop();
      component.events.off("sent", onSent);
      archiver.flushSent();
      component.events.off("forwardedMessage", onForward);
    },
  };
}

/**
 * One message on the spool account. Only the server's own forwards count: any user can
 * send the spool account a message, and it must not land in someone's archive.
 */
function takeSpooled(wrapper: Element, serverDomain: string, archiver: MessageArchiver): void {
  if (wrapper.attrs.from !== serverDomain) return;
  const message = wrapper.getChild("forwarded", NS.forward)?.getChild("message");
  if (!message) return;
  // The server stamps what it kept offline with the time it stored it. The wrapper is the
  // server's own (checked above), so any <delay> on it is too, whatever its `from`.
  archiver.delivered(message, delayStamp(wrapper) ?? Date.now());
}
