/** Errors of the XMPP side, carrying what an HTTP layer needs to answer well. */
import type { Element } from "./stanza";

const NS_STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";

/** An XMPP error reply (or a privilege refusal), with the error stanza when there is one. */
export class StanzaError extends Error {
  constructor(
    readonly condition: string,
    readonly type: string,
    readonly text?: string,
    readonly stanza?: Element,
  ) {
    super(text ? `${condition}: ${text}` : condition);
  }

  static fromStanza(stanza: Element): StanzaError {
    const error = stanza.getChild("error");
    const condition = error?.children.find((c): c is Element => typeof c !== "string" && c.attrs.xmlns === NS_STANZAS && c.name !== "text");
    const text = error?.getChildText("text", NS_STANZAS) ?? undefined;
    return new StanzaError(condition?.name ?? "undefined-condition", error?.attrs.type ?? "cancel", text, stanza);
  }
}

/** No reply within the allowed time. */
export class XmppTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no reply within ${timeoutMs} ms`);
  }
}

/** The component is not connected to the server right now. */
export class NotConnectedError extends Error {
  constructor() {
    super("the gateway is not connected to the XMPP server");
  }
}

/** The server did not grant the privilege an operation needs. */
export class PrivilegeMissingError extends Error {
  constructor(readonly privilege: string) {
    super(`the XMPP server did not grant this gateway the privilege it needs: ${privilege}`);
  }
}

/** Something a component cannot do as a user (presence, group chat): it needs a client session. */
export class NeedsClientSessionError extends Error {
  constructor(readonly what: string) {
    super(`${what} as a user needs a client session for that user, which XEP-0356 cannot provide; bot identities on the component domain can do it`);
  }
}

/** A stanza from outside (a bot, a webhook) that would use the gateway's privileges. */
export class ForbiddenStanzaError extends Error {}
