/**
 * Strict parsing of one XMPP stanza from untrusted text (HTTP bodies) into an ltx Element.
 * No DOCTYPE (hence no entity declarations), no processing instructions, one root element,
 * bounded size and depth. Namespaces end up as plain `xmlns` attributes where they change,
 * so prefixes are rewritten to the default-namespace form.
 */
import xml from "@xmpp/xml";
import { SaxesParser, type SaxesTagNS } from "saxes";

type Element = xml.Element;

/** mod_rest's rest_stanza_size_limit. */
export const DEFAULT_MAX_BYTES = 196608;
export const DEFAULT_MAX_DEPTH = 256;

export type XmlParseFailure = "not-well-formed" | "doctype" | "processing-instruction" | "too-large" | "too-deep";

function describeFailure(reason: string, line: number, column: number, failure: XmlParseFailure): string {
  if (failure === "too-large") return `XML refused: ${reason}`; // refused before parsing: no position
  const verdict = failure === "not-well-formed" ? "not well-formed" : "refused";
  return `XML ${verdict} at line ${line}, column ${column}: ${reason}`;
}

export class XmlParseError extends Error {
  constructor(
    /** What is wrong, without the position. */
    readonly reason: string,
    readonly line: number,
    readonly column: number,
    readonly failure: XmlParseFailure = "not-well-formed",
  ) {
    super(describeFailure(reason, line, column, failure));
    this.name = "XmlParseError";
  }
}

export interface ParseOptions {
  maxBytes?: number;
  maxDepth?: number;
}

const XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace";
const XMLNS_NAMESPACE = "http://www.w3.org/2000/xmlns/";
/** saxes prefixes its messages with "line:column: ". */
const SAXES_POSITION = /^(?:[^:]*:)?\d+:\d+: /;

interface OpenElement {
  element: Element;
  uri: string;
  line: number;
  column: number;
}

/** Attributes in ltx form: xml:lang kept, other prefixed attributes keep their prefix and its declaration. */
function attributesOf(tag: SaxesTagNS, namespaceChanged: boolean): Record<string, string> {
  const attrs: Record<string, string> = namespaceChanged ? { xmlns: tag.uri } : {};
  for (const attribute of Object.values(tag.attributes)) {
    if (attribute.uri === XMLNS_NAMESPACE) continue;
    if (attribute.uri === "" || attribute.uri === XML_NAMESPACE) {
      attrs[attribute.name] = attribute.value;
    } else {
      attrs[`xmlns:${attribute.prefix}`] = attribute.uri;
      attrs[attribute.name] = attribute.value;
    }
  }
  return attrs;
}

export function parseStanzaXml(text: string, opts: ParseOptions = {}): Element {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (text.length > maxBytes || Buffer.byteLength(text, "utf8") > maxBytes) {
    throw new XmlParseError(`the document is larger than the limit of ${maxBytes} bytes`, 1, 0, "too-large");
  }

  const parser = new SaxesParser({ xmlns: true, position: true });
  const fail = (reason: string, failure?: XmlParseFailure, line = parser.line, column = parser.column) =>
    new XmlParseError(reason, line, column, failure);
  const open: OpenElement[] = [];
  let root: Element | undefined;
  let lastClosed: Element | undefined;
  let tagStart = { line: 1, column: 0 };

  parser.on("error", (error) => {
    const reason = error.message.replace(SAXES_POSITION, "");
    const unclosed = open.at(-1);
    if (reason.startsWith("unclosed tag") && unclosed) {
      throw fail(
        `<${unclosed.element.name}> is never closed (the input ends at line ${parser.line}, column ${parser.column})`,
        "not-well-formed",
        unclosed.line,
        unclosed.column,
      );
    }
    // saxes pops the mismatched element before it reports the close tag that did not match it.
    if (reason.startsWith("unexpected close tag") && lastClosed) {
      throw fail(`unexpected close tag, <${lastClosed.name}> is still open`);
    }
    throw fail(reason);
  });
  parser.on("doctype", () => {
    throw fail("DOCTYPE declarations are not allowed", "doctype");
  });
  parser.on("processinginstruction", () => {
    throw fail("processing instructions are not allowed", "processing-instruction");
  });
  parser.on("opentagstart", (tag) => {
    // The parser has just read "<name" and one more character; point at the "<" (1-based).
    tagStart = { line: parser.line, column: parser.column - tag.name.length - 1 };
  });
  parser.on("opentag", (tag) => {
    if (open.length >= maxDepth) throw fail(`elements are nested more than ${maxDepth} deep`, "too-deep");
    const parent = open.at(-1);
    const namespaceChanged = parent ? tag.uri !== parent.uri : tag.uri !== "";
    const element = new xml.Element(tag.local, attributesOf(tag, namespaceChanged));
    if (parent) parent.element.cnode(element);
    else root = element;
    open.push({ element, uri: tag.uri, ...tagStart });
  });
  parser.on("closetag", () => {
    lastClosed = open.pop()?.element;
  });
  const appendText = (content: string) => {
    const parent = open.at(-1)?.element;
    if (!parent) return; // whitespace around the root; saxes rejects anything else
    const last = parent.children.length - 1;
    if (typeof parent.children[last] === "string") parent.children[last] += content;
    else parent.children.push(content);
  };
  parser.on("text", appendText);
  parser.on("cdata", appendText);

  parser.write(text).close();
  if (!root) throw fail("the document has no root element");
  return root;
}
