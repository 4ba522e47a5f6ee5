/** The typed event bus that carries what arrives from XMPP to SSE, Web Push and webhooks. */
import { EventEmitter } from "node:events";
import type { Element } from "./stanza";

export interface ComponentEvents {
  /** Online/offline changes of the component, and privilege (re)advertisements. */
  state: [];
  /** A message or presence addressed to one of the component's JIDs. */
  stanza: [stanza: Element];
}

export class EventBus extends EventEmitter<ComponentEvents> {
  constructor() {
    super();
    this.setMaxListeners(0); // one listener per open stream is normal
  }
}
