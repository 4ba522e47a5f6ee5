/**
 * What the event streams say, in SparkWeb's event names and field names, as real JSON
 * (a serializer, never string concatenation), with real nulls and the fields SparkWeb
 * lacks: ids, stanza-id, timestamps, direction, the real presence type and priority.
 * The SSE wire format itself is here too: `event:`, `data:` (one line of JSON) and `id:`.
 */
import type { ArchivedMessage } from "../../storage/archive";
import { bareJid } from "../../component/jsonmap";
import { delayStamp, Element, NS, stanzaIdBy } from "../../component/stanza";

export interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

export const CHAT_STATES = ["active", "composing", "paused", "inactive", "gone"] as const;
export type ChatState = (typeof CHAT_STATES)[number];

/** A message as the streams see it: live (from the event bus) or replayed (from the archive). */
export interface MessageInput {
  owner: string;
  direction: "in" | "out";
  stanza: Element;
  archived: ArchivedMessage | null;
}

/**
 * The events for one message, in SparkWeb's order: a chat state first (live only), then
 * the text (`chatapi.chat`, or `chatapi.muc` for group chat), an invitation, or a
 * body-less JSON notification (`chatapi.notify`).
 */
export function messageEvents({ owner, direction, stanza, archived }: MessageInput): SseEvent[] {
  const type = archived?.type ?? stanza.attrs.type ?? "normal";
  const from: string = archived?.from ?? stanza.attrs.from ?? owner;
  const to: string = archived?.to ?? stanza.attrs.to ?? owner;
  const id: string | null = archived?.messageId ?? stanza.attrs.id ?? null;
  const timestamp = new Date(archived?.timestamp ?? delayStamp(stanza) ?? Date.now()).toISOString();
  const events: SseEvent[] = [];

  const state = chatState(stanza);
  if (state) events.push({ event: "chatapi.chat", data: { type, to, from, state, id, timestamp, direction } });

  const invitation = invitationOf(stanza, from, to);
  if (invitation) events.push({ event: "chatapi.muc", data: { ...invitation, id, timestamp } });

  const body = archived ? archived.body : stanza.getChildText("body");
  const data = jiveData(stanza);
  const details = {
    id,
    stanzaId: archived?.stanzaId ?? stanzaIdBy(stanza, owner),
    archiveId: archived?.id ?? null,
    thread: archived ? archived.thread : stanza.getChildText("thread"),
    subject: archived ? archived.subject : stanza.getChildText("subject"),
    timestamp,
    direction,
  };
  if (body !== null && type === "groupchat") {
    const slash = from.indexOf("/");
    events.push({ event: "chatapi.muc", data: { type, to, from, data: data ?? null, body, nick: slash === -1 ? null : from.slice(slash + 1), ...details } });
  } else if (body !== null) {
    events.push({ event: "chatapi.chat", data: { type, to, from, data: data ?? null, body, ...details } });
  } else if (data !== undefined && type !== "groupchat" && !invitation) {
    events.push({ event: "chatapi.notify", data: { type: "notify", to, from, data, ...details } });
  }
  return events;
}

/** `chatapi.presence` for `user`: SparkWeb's fields, with show and status that tell the truth. */
export function presenceEvent(user: string, presence: Element): SseEvent {
  const presenceType = presence.attrs.type ?? "available";
  const show = presence.getChildText("show");
  const priority = Number.parseInt(presence.getChildText("priority") ?? "", 10);
  return {
    event: "chatapi.presence",
    data: {
      type: "presence",
      to: user,
      from: presence.attrs.from ?? null,
      // SparkWeb says "available" even for unavailable presences; here show is "unavailable" then.
      show: presenceType === "unavailable" ? "unavailable" : show ?? "available",
      status: presence.getChildText("status"),
      presenceType,
      priority: Number.isFinite(priority) ? priority : 0,
      id: presence.attrs.id ?? null,
      timestamp: new Date(delayStamp(presence) ?? Date.now()).toISOString(),
    },
  };
}

/** The raw stanza, opt-in: base64 of its UTF-8 XML, as SparkWeb's `chatapi.xmpp`. */
export function rawEvent(xmlText: string): SseEvent {
  return { event: "chatapi.xmpp", data: { xmpp: Buffer.from(xmlText, "utf8").toString("base64") } };
}

/**
 * SSE text for a group of events. The id goes on the last one only, so a client that
 * lost the connection half-way resumes before the group and gets all of it again. An
 * id without events still moves the client's Last-Event-ID forward.
 */
export function encodeEvents(events: readonly SseEvent[], id?: number): string {
  let text = "";
  events.forEach((e, i) => {
    const idLine = id !== undefined && i === events.length - 1 ? `id: ${id}\n` : "";
    text += `event: ${e.event}\n${idLine}data: ${JSON.stringify(e.data)}\n\n`;
  });
  if (events.length === 0 && id !== undefined) text = `id: ${id}\n\n`;
  return text;
}

function chatState(stanza: Element): ChatState | null {
  for (const child of stanza.children) {
    if (typeof child === "string" || child.attrs.xmlns !== NS.chatStates) continue;
    if ((CHAT_STATES as readonly string[]).includes(child.name)) return child.name as ChatState;
  }
  return null;
}

/** XEP-0249 direct or XEP-0045 mediated invitation. */
function invitationOf(stanza: Element, from: string, to: string): Record<string, unknown> | null {
  const direct = stanza.getChild("x", NS.conference);
  if (direct?.attrs.jid) {
    return { type: "invitationReceived", room: direct.attrs.jid, inviter: from, to, from, reason: direct.attrs.reason ?? null, password: direct.attrs.password ?? null };
  }
  const mediated = stanza.getChild("x", NS.mucUser);
  const invite = mediated?.getChild("invite");
  if (mediated && invite) {
    return {
      type: "invitationReceived",
      room: bareJid(from) ?? from,
      inviter: invite.attrs.from ?? from,
      to,
      from,
      reason: invite.getChildText("reason"),
      password: mediated.getChildText("password"),
    };
  }
  return null;
}

/** The JSON carried in a Jive properties `data` property (SparkWeb's JSON messages); undefined when absent. */
function jiveData(stanza: Element): unknown {
  const property = stanza
    .getChild("properties", NS.jive)
    ?.getChildren("property")
    .find((p) => p.getChildText("name") === "data");
  if (!property) return undefined;
  const value = property.getChildText("value") ?? "";
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
