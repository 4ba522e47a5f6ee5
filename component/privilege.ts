/**
 * XEP-0356 privileged entity: reads the server's advertisement (urn:xmpp:privilege:1 as
 * ejabberd speaks it, :2 as Prosody does) and acts for the server's users with it:
 * sendAs() forwards a message as a user, iqAs() runs an IQ as a user and unwraps the answer.
 */
import { PrivilegeMissingError, StanzaError } from "./errors";
import { internalId } from "./ids";
import type { IqTracker } from "./iq-tracker";
import { Limiter } from "./limiter";
import { childElements, Element, NS, xml } from "./stanza";

export const PRIVILEGE_NAMESPACES = ["urn:xmpp:privilege:2", "urn:xmpp:privilege:1"] as const;
export type PrivilegeNamespace = (typeof PRIVILEGE_NAMESPACES)[number];
type IqAccess = "get" | "set" | "both";

export interface Privileges {
  namespace: PrivilegeNamespace;
  roster: "none" | "get" | "set" | "both";
  message: "none" | "outgoing";
  presence: "none" | "managed_entity" | "roster";
  /** Namespaces the component may send IQs in as a user (privilege:2 only). */
  iq: Record<string, IqAccess>;
}

/** The privileges in a `<message><privilege/></message>` from the server, or null if it is not one. */
export function parsePrivilegeAdvertisement(message: Element): Privileges | null {
  const el = PRIVILEGE_NAMESPACES.map((ns) => message.getChild("privilege", ns)).find(Boolean);
  if (!el) return null;
  const privileges: Privileges = { namespace: el.attrs.xmlns, roster: "none", message: "none", presence: "none", iq: {} };
  for (const perm of el.getChildren("perm")) {
    const { access, type } = perm.attrs as { access?: string; type?: string };
    if (access === "roster" && (type === "get" || type === "set" || type === "both")) privileges.roster = type;
    else if (access === "message" && type === "outgoing") privileges.message = type;
    else if (access === "presence" && (type === "managed_entity" || type === "roster")) privileges.presence = type;
    else if (access === "iq") collectIqNamespaces(perm, privileges.iq);
  }
  return privileges;
}

/**
 * Queries to the server's own domain that XMPP servers answer the same whoever asks
 * (liveness, software version, clock, uptime): the privilege adds nothing to them.
 */
const ANSWERED_ALIKE = new Set<string>([NS.ping, NS.version, "urn:xmpp:time", NS.last]);

function answeredAlikeForAnyone(iq: Element, serverDomain: string): boolean {
  const payload = childElements(iq);
  return iq.attrs.type === "get" && iq.attrs.to === serverDomain && payload.length === 1 && ANSWERED_ALIKE.has(payload[0].attrs.xmlns);
}

/** Prosody nests each <namespace/> inside the previous one, so walk all descendants. */
function collectIqNamespaces(el: Element, into: Record<string, IqAccess>): void {
  for (const child of childElements(el)) {
    if (child.name !== "namespace") continue;
    const { ns, type } = child.attrs as { ns?: string; type?: string };
    if (ns && (type === "get" || type === "set" || type === "both")) into[ns] = type;
    collectIqNamespaces(child, into);
  }
}

export function allowsIq(privileges: Privileges | null, namespace: string, type: "get" | "set"): boolean {
  const access = privileges?.iq[namespace];
  return access === "both" || access === type;
}

export interface PrivilegedOptions {
  serverDomain: string;
  send(stanza: Element): Promise<void>;
  iqs: IqTracker;
  maxInFlight: number;
}

export class PrivilegedClient {
  privileges: Privileges | null = null;
  private readonly limiter: Limiter;

  constructor(private readonly options: PrivilegedOptions) {
    this.limiter = new Limiter(options.maxInFlight);
  }

  /** Forwards `message` as `user` (a bare JID of the server's domain). */
  async sendAs(user: string, message: Element): Promise<void> {
    this.checkUser(user);
    const privileges = this.require((p) => p.message === "outgoing", "message outgoing");
    const inner = xml("message", { ...message.attrs, xmlns: NS.client, from: user }, ...message.children);
    const wrapper = xml(
      "message",
      { to: this.options.serverDomain, id: internalId() },
      xml("privilege", { xmlns: privileges.namespace }, xml("forwarded", { xmlns: NS.forward }, inner)),
    );
    await this.options.send(wrapper);
  }

  /**
   * Sends `iq` (get or set, one child) as `user` and returns the target's reply IQ.
   * An error from the target (even inside an outer result) rejects with StanzaError.
   */
  async iqAs(user: string, iq: Element, timeoutMs: number): Promise<Element> {
    this.checkUser(user);
    if (answeredAlikeForAnyone(iq, this.options.serverDomain)) return this.askAsComponent(user, iq, timeoutMs);
    const type = iq.attrs.type as "get" | "set";
    const payload = childElements(iq)[0];
    const ns = payload?.attrs.xmlns ?? "";
    const privileges = this.require((p) => p.namespace === "urn:xmpp:privilege:2" && allowsIq(p, ns, type), `iq ${type} ${ns}`);
    const inner = xml("iq", { ...iq.attrs, xmlns: NS.client, from: undefined, id: iq.attrs.id ?? internalId() }, ...iq.children);
    const wrapper = xml("iq", { type, to: user }, xml("privileged_iq", { xmlns: privileges.namespace }, inner));
    const deadline = Date.now() + timeoutMs;
    // Prosody holds a limited number of privileged IQs in flight; the rest wait here.
    const reply = await this.limiter.run(() => this.options.iqs.request(wrapper, Math.max(1, deadline - Date.now())));
    const answer = reply.getChild("privilege", privileges.namespace)?.getChild("forwarded", NS.forward)?.getChild("iq");
    if (!answer) throw new StanzaError("undefined-condition", "cancel", "the server's privileged IQ reply carried no forwarded IQ", reply);
    if (answer.attrs.type === "error") throw StanzaError.fromStanza(answer);
    return answer;
  }

  /**
   * An IQ whose answer does not depend on who asks, sent from the component's JID: the
   * server answers it as a plain IQ, for about half the work of a privileged one. The
   * answer is addressed back to the user, with the user's id, as the privileged one is.
   */
  private async askAsComponent(user: string, iq: Element, timeoutMs: number): Promise<Element> {
    const toUser = (answer: Element) => (answer.attrs.to = user);
    // From the component: the user's address must not go on the wire as `from`.
    const reply = await this.options.iqs.request(xml("iq", { type: iq.attrs.type, to: iq.attrs.to, id: iq.attrs.id }, ...iq.children), timeoutMs).catch((err: unknown) => {
      if (err instanceof StanzaError && err.stanza) toUser(err.stanza);
      throw err;
    });
    toUser(reply);
    return reply;
  }

  /** `user`'s roster: the roster permission takes a plain roster get to the user's bare JID. */
  rosterOf(user: string, timeoutMs: number): Promise<Element> {
    this.checkUser(user);
    this.require((p) => p.roster === "get" || p.roster === "both", "roster get");
    return this.options.iqs.request(xml("iq", { type: "get", to: user }, xml("query", { xmlns: NS.roster })), timeoutMs);
  }

  /**
   * Only real users: the server also accepts its own domain as the sender of a privileged
   * message, which would let a stanza pass for the server's.
   */
  private checkUser(user: string): void {
    const at = user.indexOf("@");
    if (at <= 0 || user.includes("/") || user.slice(at + 1) !== this.options.serverDomain) {
      throw new Error(`not a user of ${this.options.serverDomain}: ${user}`);
    }
  }

  private require(check: (p: Privileges) => boolean, what: string): Privileges {
    if (!this.privileges || !check(this.privileges)) throw new PrivilegeMissingError(what);
    return this.privileges;
  }
}
