/**
 * Catches the errors the server bounces at once for stanzas the component sends from its
 * own JIDs (bots). The server handles one stream's stanzas in order, so after sending we
 * ping the server: any bounce for our stanza arrives before the ping's answer. One ping
 * covers every stanza written in the same tick.
 */
import type { IqTracker } from "./iq-tracker";
import { Element, NS, xml } from "./stanza";

export class BounceCatcher {
  private readonly watched = new Map<string, Element | null>();
  private barrier: Promise<void> | null = null;

  constructor(
    private readonly options: { serverDomain: string; componentJid: string; iqs: IqTracker; send(stanza: Element): Promise<void> },
  ) {}

  /** Sends `stanza` and resolves with the error the server bounced for it, or null. */
  async send(stanza: Element): Promise<Element | null> {
    const key = keyOf(stanza.attrs.from, stanza.attrs.to, stanza.attrs.id);
    this.watched.set(key, null);
    try {
      await this.options.send(stanza);
      await this.pass();
      return this.watched.get(key) ?? null;
    } finally {
      this.watched.delete(key);
    }
  }

  /** Takes an error stanza if it answers a watched one; true when it did. */
  take(error: Element): boolean {
    const key = keyOf(error.attrs.to, error.attrs.from, error.attrs.id);
    if (!this.watched.has(key)) return false;
    this.watched.set(key, error);
    return true;
  }

  private pass(): Promise<void> {
    this.barrier ??= new Promise<void>((resolve) => process.nextTick(resolve)).then(() => {
      this.barrier = null; // stanzas written from now on need the next ping
      const ping = xml("iq", { type: "get", to: this.options.serverDomain, from: this.options.componentJid }, xml("ping", { xmlns: NS.ping }));
      return this.options.iqs.request(ping, 10_000).then(() => undefined);
    });
    return this.barrier;
  }
}

function keyOf(sender: string | undefined, recipient: string | undefined, id: string | undefined): string {
  return `${sender ?? ""}\n${recipient ?? ""}\n${id ?? ""}`;
}
