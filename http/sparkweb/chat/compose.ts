/**
 * What POST /chat/message sends, from its body. Plain text is the message body. A JSON
 * object (application/json, or text that is a JSON object, as SparkWeb reads it) gives
 * `body`, `thread` and `subject`; any other member makes the whole object travel as
 * SparkWeb's JSON payload (a Jive `data` property), which SparkWeb-style receivers see
 * as the `data` field of their chat event.
 */
import { stanzaId } from "../../../component/ids";
import { NOT_XML_CHAR } from "../../../component/jsonmap/scalars";
import { Element, NS, xml } from "../../../component/stanza";
import { HttpError } from "../../errors";

export interface ChatContent {
  body?: string;
  thread?: string;
  subject?: string;
  /** SparkWeb's JSON payload. */
  data?: Record<string, unknown>;
}

const TEXT_FIELDS = ["body", "thread", "subject"] as const;

export function parseChatContent(contentType: string | undefined, text: string): ChatContent {
  const json = /^application\/([\w.+-]+\+)?json\b/i.test(contentType ?? "");
  if (json || /^\s*\{/.test(text)) {
    const object = parseObject(text, json);
    if (object) return fromObject(object);
  }
  if (text.trim() === "") throw new HttpError(400, "empty_message", "the message is empty: send its text as the body");
  checkXmlText("body", text);
  return { body: text };
}

function parseObject(text: string, required: boolean): Record<string, unknown> | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    if (!required) return null; // text that merely starts with "{"
    throw new HttpError(400, "invalid_json", `the JSON body cannot be parsed: ${(err as Error).message}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    if (!required) return null;
    throw new HttpError(422, "invalid_message", 'expected a JSON object such as {"body": "hello"}');
  }
  return value as Record<string, unknown>;
}

function fromObject(object: Record<string, unknown>): ChatContent {
  const content: ChatContent = {};
  for (const field of TEXT_FIELDS) {
    const value = object[field];
    if (value === undefined) continue;
    if (typeof value !== "string") throw new HttpError(422, "invalid_message", `${field}: expected a string`);
    checkXmlText(field, value);
    content[field] = value;
  }
  if (Object.keys(object).some((key) => !(TEXT_FIELDS as readonly string[]).includes(key))) {
    checkXmlText("data", JSON.stringify(object));
    content.data = object;
  }
  if (content.body === undefined && content.data === undefined) {
    throw new HttpError(422, "invalid_message", 'the message has neither a body nor other data: send {"body": "…"}');
  }
  return content;
}

function checkXmlText(field: string, value: string): void {
  if (NOT_XML_CHAR.test(value)) throw new HttpError(422, "invalid_characters", `${field}: contains control characters that XMPP cannot carry`);
}

/** A chat message to `to`, with an id that is also its XEP-0359 origin-id. */
export function chatMessage(to: string, content: ChatContent): Element {
  const id = stanzaId();
  return xml(
    "message",
    { type: "chat", to, id },
    content.body !== undefined ? xml("body", {}, content.body) : null,
    content.subject !== undefined ? xml("subject", {}, content.subject) : null,
    content.thread !== undefined ? xml("thread", {}, content.thread) : null,
    content.data !== undefined
      ? xml("properties", { xmlns: NS.jive }, xml("property", {}, xml("name", {}, "data"), xml("value", { type: "string" }, JSON.stringify(content.data))))
      : null,
    xml("origin-id", { xmlns: NS.sid, id }),
  );
}

/** A standalone XEP-0085 chat state; servers should not archive it. */
export function chatStateMessage(to: string, state: string): Element {
  return xml("message", { type: "chat", to, id: stanzaId() }, xml(state, { xmlns: NS.chatStates }), xml("no-store", { xmlns: NS.hints }));
}
