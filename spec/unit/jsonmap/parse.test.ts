import { parseStanzaXml, XmlParseError } from "../../../component/xml/parse";

function parseError(text: string, opts?: Parameters<typeof parseStanzaXml>[1]): XmlParseError {
  try {
    parseStanzaXml(text, opts);
  } catch (error) {
    if (error instanceof XmlParseError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`);
}

describe("parseStanzaXml accepts", () => {
  test("a stanza with an XML declaration and surrounding whitespace; whitespace text is kept", () => {
    const el = parseStanzaXml("<?xml version='1.0' encoding='UTF-8'?>\n<message xmlns='jabber:client'>\n <body>hi</body>\n</message>\n");
    expect(el.toString()).toBe('<message xmlns="jabber:client">\n <body>hi</body>\n</message>');
  });

  test("predefined entities, character references and CDATA", () => {
    const el = parseStanzaXml("<message><body>&lt;&amp;&gt;&quot;&apos; &#x1F600;&#65;<![CDATA[<raw>&]]></body></message>");
    expect(el.getChildText("body")).toBe("<&>\"' 😀A<raw>&");
  });

  test("prefixes are rewritten to default namespaces; xml:lang and prefixed attributes survive", () => {
    const el = parseStanzaXml(
      "<cl:message xmlns:cl='jabber:client' xmlns:r='urn:xmpp:receipts' xml:lang='en'>" +
        "<cl:body>x</cl:body><r:request/><plain xmlns='urn:example' xmlns:a='urn:a' a:attr='v'><inner/></plain></cl:message>",
    );
    expect(el.toString()).toBe(
      '<message xmlns="jabber:client" xml:lang="en"><body>x</body><request xmlns="urn:xmpp:receipts"/>' +
        '<plain xmlns="urn:example" xmlns:a="urn:a" a:attr="v"><inner/></plain></message>',
    );
  });

  test("an element leaving a prefixed namespace returns to the default one", () => {
    expect(parseStanzaXml("<a xmlns:p='urn:p'><p:b><c/></p:b><d/></a>").toString()).toBe(
      '<a><b xmlns="urn:p"><c xmlns=""/></b><d/></a>',
    );
  });

  test("comments are dropped", () => {
    expect(parseStanzaXml("<!-- hello --><message><!-- x --><body>a</body></message>").toString()).toBe(
      "<message><body>a</body></message>",
    );
  });
});

describe("parseStanzaXml refuses", () => {
  test("a DOCTYPE, and with it entity declarations", () => {
    const error = parseError("<!DOCTYPE message [<!ENTITY lol 'lol'>]><message><body>&lol;</body></message>");
    expect([error.failure, error.line]).toEqual(["doctype", 1]);
    expect(error.message).toBe("XML refused at line 1, column 40: DOCTYPE declarations are not allowed");
  });

  test("an undefined entity", () => {
    const error = parseError("<message><body>&nbsp;</body></message>");
    expect([error.failure, error.reason, error.line, error.column]).toEqual(["not-well-formed", "undefined entity.", 1, 21]);
  });

  test("a second root element", () => {
    const error = parseError("<message/>\n<message/>");
    expect([error.reason, error.line]).toEqual(["documents may contain only one root.", 2]);
  });

  test("text outside the root", () => {
    expect(parseError("<message/>trailing").reason).toBe("text data outside of root node.");
  });

  test("an unclosed tag, pointing at where it was opened", () => {
    const error = parseError("<message>\n  <body>hello\n</message>");
    expect([error.line, error.column]).toEqual([3, 10]);
    expect(error.message).toBe("XML not well-formed at line 3, column 10: unexpected close tag, <body> is still open");
  });

  test("input ending inside an element", () => {
    const error = parseError("<message>\n  <body>hello");
    expect([error.line, error.column]).toEqual([2, 3]);
    expect(error.message).toBe(
      "XML not well-formed at line 2, column 3: <body> is never closed (the input ends at line 2, column 13)",
    );
  });

  test("processing instructions", () => {
    expect(parseError("<message><?php echo 1; ?></message>").failure).toBe("processing-instruction");
  });

  test("an unbound prefix", () => {
    expect(parseError("<x:message/>").reason).toBe('unbound namespace prefix: "x".');
  });

  test.each(["", "   ", "just text"])("no root element in %j", (text) => {
    expect(parseError(text)).toBeInstanceOf(XmlParseError);
  });

  test("more bytes than the limit, counting UTF-8 bytes", () => {
    const text = `<message><body>${"é".repeat(50)}</body></message>`; // 132 bytes, 82 characters
    expect(parseStanzaXml(text, { maxBytes: 132 }).name).toBe("message");
    const error = parseError(text, { maxBytes: 131 });
    expect([error.failure, error.message]).toEqual(["too-large", "XML refused: the document is larger than the limit of 131 bytes"]);
  });

  test("the default size limit is mod_rest's 192 KiB", () => {
    const body = "a".repeat(196608);
    expect(parseError(`<message><body>${body}</body></message>`).failure).toBe("too-large");
  });

  test("nesting deeper than the limit", () => {
    expect(parseStanzaXml("<a><b><c/></b></a>", { maxDepth: 3 }).name).toBe("a");
    expect(parseError("<a><b><c><d/></c></b></a>", { maxDepth: 3 }).failure).toBe("too-deep");
  });
});
