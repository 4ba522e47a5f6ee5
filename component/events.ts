/**
 * The typed event bus that carries what arrives from XMPP (and what the gateway sends as
 * users) to webhooks, the archive, SSE and Web Push. The component emits; `http/` and the
 * feeds listen.
 */
import { EventEmitter } from "node:events";
import type { ArchivedMessage } from "../storage/archive";
import type { Element } from "./stanza";

export interface ComponentEvents {
  /** Online/offline changes of the component, and privilege (re)advertisements. */
  state: [];
  /**
   * A message, presence, or IQ result/error nobody waited for, addressed to one of the
   * component's own JIDs (webhooks). IQ get/set go to onIq() handlers.
   */
  stanza: [stanza: Element];
  /** A message the gateway sent as `user` (bare JID) through XEP-0356, once written to the server. */
  sent: [user: string, stanza: Element];
  /** A user's presence, forwarded by the server because of the presence privilege. */
  userPresence: [stanza: Element];
  /** A copy of a message delivered to a local user, forwarded by the server (mod_firewall FORWARD). */
  forwardedMessage: [message: Element];
  /** A message concerning a local user: archived (message set) or live-only (chat states, receipts: message null). Emitted after storing. */
  userMessage: [event: { owner: string; direction: "in" | "out"; message: ArchivedMessage | null; stanza: Element }];
}

export class EventBus extends EventEmitter<ComponentEvents> {
  constructor() {
    super();
    this.setMaxListeners(0); // one listener per open stream is normal
  }
}
