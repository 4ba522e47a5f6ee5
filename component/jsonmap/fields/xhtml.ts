/**
 * XEP-0071 XHTML-IM. JSON carries the XHTML `<body>` as a string (without its xmlns), the way
 * mod_rest reports it; a fragment without a `<body>` is wrapped in one.
 */
import xml from "@xmpp/xml";
import { appendChild, childScope, findChild, isElement, type Codec, type Element } from "../codec";
import { badFormat } from "../errors";
import { NS } from "../namespaces";
import { parseStanzaXml, XmlParseError } from "../../xml/parse";

const WRAPPER_START = `<im:html xmlns:im='${NS.xhtmlIm}' xmlns='${NS.xhtml}'>`;
const WRAPPER_END = "</im:html>";

/** Where `error` is in the caller's markup: not in our wrapper, at most at the markup's end. */
function positionInMarkup(error: XmlParseError, markup: string): { line: number; column: number } {
  const lines = markup.split("\n");
  const lastLine = lines[lines.length - 1];
  const end = { line: lines.length, column: (lines.length === 1 ? WRAPPER_START.length : 0) + lastLine.length };
  const past = error.line > end.line || (error.line === end.line && error.column > end.column);
  const { line, column } = past ? end : error;
  return { line, column: line === 1 ? Math.max(0, column - WRAPPER_START.length) : column };
}

function parseFragment(markup: string, path: string): Element {
  try {
    return parseStanzaXml(WRAPPER_START + markup + WRAPPER_END);
  } catch (error) {
    if (!(error instanceof XmlParseError)) throw error;
    const { line, column } = positionInMarkup(error, markup);
    throw badFormat(path, `not well-formed XHTML at line ${line}, column ${column}: ${error.reason}`, { line, column });
  }
}

function isXhtmlBody(node: unknown): boolean {
  return isElement(node) && node.name === "body" && node.attrs.xmlns === NS.xhtml;
}

export const xhtmlBody: Codec = {
  schema: { type: "string", contentMediaType: "application/xhtml+xml", examples: ["<body><p>Hello!</p></body>"] },
  slot: { name: "html", ns: NS.xhtmlIm },
  write(parent, scope, value, path) {
    if (typeof value !== "string") throw badFormat(path, "expected a string of XHTML");
    const fragment = parseFragment(value, path);
    const html = appendChild(parent, scope, "html", NS.xhtmlIm);
    const elements = fragment.children.filter(isElement);
    if (elements.length > 0 && elements.every(isXhtmlBody)) {
      for (const body of elements) html.cnode(body);
      return;
    }
    const body = html.cnode(new xml.Element("body", { xmlns: NS.xhtml }));
    for (const node of fragment.children) {
      if (isElement(node) && node.attrs.xmlns === NS.xhtml) delete node.attrs.xmlns; // now inherited from <body>
      body.cnode(node);
    }
  },
  read(parent, scope) {
    const html = findChild(parent, scope, { name: "html", ns: NS.xhtmlIm });
    const body = html && findChild(html, childScope(html, scope), { name: "body", ns: NS.xhtml });
    if (!body) return undefined;
    const attrs = { ...body.attrs };
    delete attrs.xmlns;
    const bare = new xml.Element("body", attrs);
    bare.children = body.children; // serialised only, so sharing the children is safe
    return bare.toString();
  },
};
