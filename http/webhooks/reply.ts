/**
 * What goes back to a stanza's sender once its webhook answered: mod_rest's reply table
 * (Part 1 §6) with our corrections (Part 2 #8, #9). Pure: outcome in, stanza out.
 */
import { stanzaId } from "../../component/ids";
import { bareJid } from "../../component/jsonmap";
import { Element, errorReply, NS, STANZA_ATTRIBUTES, xml } from "../../component/stanza";
import { inputType, parseBody } from "../rest/parse";
import type { CallbackOutcome } from "./callback";
import { errorForStatus, StanzaErrorSpec, statusLine } from "./status-errors";

type Response = Extract<CallbackOutcome, { kind: "response" }>;

/** The stanza to send back for `outcome`, or null when nothing is sent. */
export function replyTo(original: Element, outcome: CallbackOutcome): Element | null {
  if (!answerable(original)) return null;
  const failure = failureOf(outcome);
  if (failure) return errorTo(original, failure);
  const response = outcome as Response;
  if (response.status === 202 || response.status === 204) return original.name === "iq" ? emptyReply(original) : null;
  const answer = stanzaIn(response, original.name);
  if (answer) return addressed(answer, original);
  if (response.status >= 200 && response.status < 300) return emptyReply(original);
  return errorTo(original, { ...errorForStatus(response.status), text: statusLine(response.status) });
}

/** An error answer to `original` (no webhook takes it, or it could not be stored), or null. */
export function errorAnswer(original: Element, failure: Failure): Element | null {
  return answerable(original) ? errorTo(original, failure) : null;
}

/** True when the webhook took the stanza (a 2xx): receipts may be sent. */
export function accepted(outcome: CallbackOutcome): boolean {
  return outcome.kind === "response" && outcome.status >= 200 && outcome.status < 300;
}

/** The XEP-0184 receipt a message asked for, or null. */
export function receiptFor(original: Element): Element | null {
  const { type, id } = original.attrs;
  if (original.name !== "message" || !id || type === "error" || type === "groupchat") return null;
  if (!original.getChild("request", NS.receipts)) return null;
  return xml("message", { from: original.attrs.to, to: original.attrs.from, id: stanzaId() }, xml("received", { xmlns: NS.receipts, id }));
}

export type Failure = StanzaErrorSpec & { text?: string };

/** Errors and results are never answered (RFC 6120 §8.3.1, and no loops between entities). */
function answerable(original: Element): boolean {
  return original.attrs.type !== "error" && original.attrs.type !== "result";
}

/** Outcomes that are an error whatever the body: no request, no answer, or a 4xx/5xx (Part 2 #8). */
function failureOf(outcome: CallbackOutcome): Failure | null {
  switch (outcome.kind) {
    case "timeout":
      return { type: "wait", condition: "remote-server-timeout", text: `The webhook did not answer within ${outcome.timeoutMs / 1000} s` };
    case "no-response":
      return { type: "wait", condition: "recipient-unavailable" };
    case "unsendable":
      return { type: "cancel", condition: "internal-server-error" };
    case "response":
      if (outcome.status < 400) return null;
      return { ...errorForStatus(outcome.status), text: plainText(outcome) ?? statusLine(outcome.status) };
  }
}

/**
 * An error reply, except into a room: Prosody's MUC kicks an occupant that answers room
 * traffic with an error, and a failing webhook must not eject its bot.
 */
function errorTo(original: Element, { type, condition, text }: Failure): Element | null {
  const fromRoom = original.attrs.type === "groupchat" || (original.name === "presence" && original.getChild("x", NS.mucUser));
  return fromRoom ? null : errorReply(original, type, condition, text);
}

/** The body as a stanza of the original's kind, read by its Content-Type like a /rest body. */
function stanzaIn(response: Response, kind: string): Element | null {
  const type = inputType(response.contentType);
  if (!type || !response.body) return null;
  try {
    const stanza = parseBody(type, response.body, {});
    const { xmlns } = stanza.attrs;
    return stanza.name === kind && (xmlns === undefined || xmlns === NS.client) ? stanza : null;
  } catch {
    return null; // unparseable answers are handled by status
  }
}

function plainText(response: Response): string | undefined {
  if (inputType(response.contentType) !== "text/plain") return undefined;
  return response.body?.trim() || undefined;
}

/** The answer, addressed back to the sender with mod_rest's rules for id and type. */
function addressed(answer: Element, original: Element): Element {
  for (const name of Object.keys(answer.attrs)) {
    if (!STANZA_ATTRIBUTES.has(name) || answer.attrs[name] === undefined) delete answer.attrs[name];
  }
  answer.attrs.from = original.attrs.to;
  answer.attrs.to = replyAddress(original);
  if (original.name === "iq") {
    answer.attrs.id = original.attrs.id;
    answer.attrs.type = answer.attrs.type === "error" ? "error" : "result";
  } else if (original.attrs.type === undefined && answer.getChild("error")) {
    answer.attrs.type = "error";
    answer.attrs.id = original.attrs.id;
  } else {
    answer.attrs.id ??= stanzaId();
  }
  return answer;
}

/** An empty answer: a result for an IQ, else the same type back with a new id. */
function emptyReply(original: Element): Element {
  const { from, to, id, type } = original.attrs;
  if (original.name === "iq") return xml("iq", { type: "result", from: to, to: from, id });
  return xml(original.name, { type, from: to, to: replyAddress(original), id: stanzaId() });
}

/** The sender, or the room itself for group chat. */
function replyAddress(original: Element): string {
  const from: string = original.attrs.from;
  return original.attrs.type === "groupchat" ? (bareJid(from) ?? from) : from;
}
