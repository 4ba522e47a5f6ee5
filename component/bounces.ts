/**
 * Catches the errors the server bounces at once for stanzas the component sends from its
 * own JIDs (bots): after sending, wait for a server barrier (see server-progress.ts); any
 * bounce for the stanza arrives before the barrier's answer.
 */
import type { ServerProgress } from "./server-progress";
import type { Element } from "./stanza";

interface Watch {
  /** Sends waiting on this key: bots may reuse an id, and each of them must hear the bounce. */
  senders: number;
  bounce: Element | null;
}

export class BounceCatcher {
  private readonly watched = new Map<string, Watch>();

  constructor(private readonly options: { progress: ServerProgress; send(stanza: Element): Promise<void> }) {}

  /** Sends `stanza` and resolves with the error the server bounced for it, or null. */
  async send(stanza: Element): Promise<Element | null> {
    const key = keyOf(stanza.attrs.from, stanza.attrs.to, stanza.attrs.id);
    const watch = this.watched.get(key) ?? { senders: 0, bounce: null };
    watch.senders++;
    this.watched.set(key, watch);
    try {
      await this.options.send(stanza);
      await this.options.progress.barrier();
      return watch.bounce;
    } finally {
      if (--watch.senders === 0) this.watched.delete(key);
    }
  }

  /** Takes an error stanza if it answers a watched one; true when it did. */
  take(error: Element): boolean {
    const watch = this.watched.get(keyOf(error.attrs.to, error.attrs.from, error.attrs.id));
    if (!watch) return false;
    watch.bounce = error;
    return true;
  }
}

function keyOf(sender: string | undefined, recipient: string | undefined, id: string | undefined): string {
  return `${sender ?? ""}\n${recipient ?? ""}\n${id ?? ""}`;
}
