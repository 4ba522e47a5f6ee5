/**
 * Sends IQs and settles each one with its reply, matched by id (and sender), or with a
 * timeout. Everything still pending when the connection drops fails at once.
 */
import { NotConnectedError, StanzaError, XmppTimeoutError } from "./errors";
import { internalId } from "./ids";
import { Element, xml } from "./stanza";

interface Pending {
  from: string | undefined;
  resolve(reply: Element): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

export class IqTracker {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly send: (stanza: Element) => Promise<void>) {}

  /**
   * Sends `iq` and resolves with a result, or rejects with StanzaError. The id on the wire
   * is always one of ours, so that callers choosing the same id cannot take each other's
   * replies; the reply (or the error's stanza) carries the caller's id again.
   */
  request(iq: Element, timeoutMs: number): Promise<Element> {
    const callerId: string | undefined = iq.attrs.id;
    const id = internalId();
    const wire = callerId === undefined ? Object.assign(iq, { attrs: Object.assign(iq.attrs, { id }) }) : xml("iq", { ...iq.attrs, id }, ...iq.children);
    const asAsked = (stanza: Element) => {
      stanza.attrs.id = callerId ?? id;
      return stanza;
    };
    return new Promise<Element>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new XmppTimeoutError(timeoutMs));
      }, timeoutMs);
      this.pending.set(id, {
        from: iq.attrs.to,
        resolve: (reply) => resolve(asAsked(reply)),
        reject: (err) => {
          if (err instanceof StanzaError && err.stanza) asAsked(err.stanza);
          reject(err);
        },
        timer,
      });
      this.send(wire).catch((err: Error) => this.settle(id, (p) => p.reject(err)));
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
