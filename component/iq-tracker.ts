/**
 * Sends IQs and settles each one with its reply, matched by id (and sender), or with a
 * timeout. Everything still pending when the connection drops fails at once.
 */
import { NotConnectedError, StanzaError, XmppTimeoutError } from "./errors";
import { internalId } from "./ids";
import type { Element } from "./stanza";

interface Pending {
  from: string | undefined;
  resolve(reply: Element): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

export class IqTracker {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly send: (stanza: Element) => Promise<void>) {}

  /** Sends `iq` (an id is added if missing) and resolves with a result, or rejects with StanzaError. */
  request(iq: Element, timeoutMs: number): Promise<Element> {
    const id = (iq.attrs.id ??= internalId());
    return new Promise<Element>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new XmppTimeoutError(timeoutMs));
      }, timeoutMs);
      this.pending.set(id, { from: iq.attrs.to, resolve, reject, timer });
      this.send(iq).catch((err: Error) => this.settle(id, (p) => p.reject(err)));
    });
  }

  /** Takes a result/error IQ; true when it answered a pending request. */
  handle(iq: Element): boolean {
    const p = this.pending.get(iq.attrs.id);
    // A reply must come from the entity we asked (no `to` means the server itself).
    if (!p || (p.from !== undefined && iq.attrs.from !== p.from && !sameJid(iq.attrs.from, p.from))) return false;
    return this.settle(iq.attrs.id, (entry) =>
      iq.attrs.type === "error" ? entry.reject(StanzaError.fromStanza(iq)) : entry.resolve(iq),
    );
  }

  /** Fails every pending request, e.g. when the connection is lost. */
  failAll(err: Error = new NotConnectedError()): void {
    for (const id of [...this.pending.keys()]) this.settle(id, (p) => p.reject(err));
  }

  get size(): number {
    return this.pending.size;
  }

  private settle(id: string, action: (p: Pending) => void): boolean {
    const p = this.pending.get(id);
    if (!p) return false;
    this.pending.delete(id);
    clearTimeout(p.timer);
    action(p);
    return true;
  }
}

function sameJid(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toLowerCase() === b.toLowerCase();
}
