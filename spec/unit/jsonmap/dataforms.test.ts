import { fromXml, mappingErrorOf, toXml } from "./support";

const COMMANDS = "http://jabber.org/protocol/commands";

/** What a server answers to the first step: a form with fields of many types. */
const configFormReply = `<?xml version="1.0"?>
<iq to="admin@localhost/rest" from="localhost" type="result" id="c1">
  <command xmlns="${COMMANDS}" node="config" sessionid="s-1" status="executing">
    <actions execute="next"><next/><complete/></actions>
    <note type="info">Fill in the form</note>
    <x xmlns="jabber:x:data" type="form">
      <title>Configure</title>
      <instructions>Please fill in</instructions>
      <field var="FORM_TYPE" type="hidden"><value>urn:example:config</value></field>
      <field var="name" type="text-single" label="Name"><desc>Your name</desc><required/><value>Romeo</value></field>
      <field var="password" type="text-private" label="Password"/>
      <field var="public" type="boolean" label="Public?"><value>1</value></field>
      <field var="color" type="list-single" label="Colour">
        <value>red</value>
        <option label="Red"><value>red</value></option>
        <option label="Blue"><value>blue</value></option>
      </field>
      <field var="features" type="list-multi" label="Features">
        <value>a</value><value>c</value>
        <option label="A"><value>a</value></option><option label="B"><value>b</value></option><option label="C"><value>c</value></option>
      </field>
      <field var="admins" type="jid-multi"><value>a@example.com</value><value>b@example.com</value></field>
      <field var="motd" type="text-multi"><value>line 1</value><value>line 2</value></field>
      <field type="fixed"><value>Section 2</value></field>
      <field var="moderators" type="jid-multi"/>
    </x>
  </command>
</iq>`;

const configFormJson = {
  type: "form",
  title: "Configure",
  instructions: "Please fill in",
  fields: [
    { var: "FORM_TYPE", type: "hidden", value: "urn:example:config" },
    { var: "name", type: "text-single", label: "Name", desc: "Your name", required: true, value: "Romeo" },
    { var: "password", type: "text-private", label: "Password" },
    { var: "public", type: "boolean", label: "Public?", value: "1" },
    {
      var: "color",
      type: "list-single",
      label: "Colour",
      value: "red",
      options: [
        { label: "Red", value: "red" },
        { label: "Blue", value: "blue" },
      ],
    },
    {
      var: "features",
      type: "list-multi",
      label: "Features",
      value: ["a", "c"],
      options: [
        { label: "A", value: "a" },
        { label: "B", value: "b" },
        { label: "C", value: "c" },
      ],
    },
    { var: "admins", type: "jid-multi", value: ["a@example.com", "b@example.com"] },
    { var: "motd", type: "text-multi", value: "line 1\nline 2" },
    { type: "fixed", value: "Section 2" },
    { var: "moderators", type: "jid-multi", value: [] },
  ],
};

describe("ad-hoc command across steps", () => {
  test("step 1: executing a command by node is an iq set", () => {
    expect(toXml({ to: "localhost", command: "config" })).toBe(
      `<iq to="localhost" type="set"><command xmlns="${COMMANDS}" node="config"/></iq>`,
    );
  });

  test("step 2: the server's form reads as command.form with values, options and actions", () => {
    expect(fromXml(configFormReply)).toEqual({
      kind: "iq",
      type: "result",
      id: "c1",
      from: "localhost",
      to: "admin@localhost/rest",
      command: {
        node: "config",
        sessionid: "s-1",
        status: "executing",
        actions: { execute: "next", next: true, complete: true },
        note: { type: "info", text: "Fill in the form" },
        form: configFormJson,
      },
    });
  });

  test("the form read from XML writes back the same form, every field closed", () => {
    const json = fromXml(configFormReply);
    const compact = configFormReply.replace(/^<\?xml[^>]*>\s*/, "").replace(/>\s+</g, "><");
    expect(toXml(json)).toBe(compact);
  });

  test("step 3: submitting with data (formdata)", () => {
    const submit = {
      to: "localhost",
      command: {
        node: "config",
        sessionid: "s-1",
        action: "next",
        data: { FORM_TYPE: "urn:example:config", name: "Juliet", public: false, features: ["a", "b"], password: null },
      },
    };
    expect(toXml(submit)).toBe(
      `<iq to="localhost" type="set"><command xmlns="${COMMANDS}" node="config" sessionid="s-1" action="next">` +
        '<x xmlns="jabber:x:data" type="submit">' +
        '<field var="FORM_TYPE" type="hidden"><value>urn:example:config</value></field>' +
        '<field var="name"><value>Juliet</value></field>' +
        '<field var="public"><value>0</value></field>' +
        '<field var="features"><value>a</value><value>b</value></field>' +
        '<field var="password"/>' +
        "</x></command></iq>",
    );
  });

  test("step 3, alternatively: submitting a full form with value, values and text-multi lines", () => {
    const submit = {
      command: {
        node: "config",
        sessionid: "s-1",
        action: "complete",
        form: {
          type: "submit",
          fields: [
            { var: "motd", type: "text-multi", value: "one\ntwo" },
            { var: "features", values: ["a", "c"] },
            { var: "color", value: "blue" },
            { var: "admins", value: ["a@example.com"] },
          ],
        },
      },
    };
    expect(toXml(submit)).toBe(
      `<iq type="set"><command xmlns="${COMMANDS}" node="config" sessionid="s-1" action="complete">` +
        '<x xmlns="jabber:x:data" type="submit">' +
        '<field var="motd" type="text-multi"><value>one</value><value>two</value></field>' +
        '<field var="features"><value>a</value><value>c</value></field>' +
        '<field var="color"><value>blue</value></field>' +
        '<field var="admins"><value>a@example.com</value></field>' +
        "</x></command></iq>",
    );
  });

  test("form wins over data when both are given", () => {
    expect(toXml({ command: { node: "n", form: { type: "submit", fields: [] }, data: { a: "1" } } })).toBe(
      `<iq type="set"><command xmlns="${COMMANDS}" node="n"><x xmlns="jabber:x:data" type="submit"/></command></iq>`,
    );
  });

  test("step 4: the completed command with its note", () => {
    const reply = `<iq type="result" id="c2"><command xmlns="${COMMANDS}" node="config" sessionid="s-1" status="completed"><note type="info">Saved</note></command></iq>`;
    expect(fromXml(reply)).toEqual({
      kind: "iq",
      type: "result",
      id: "c2",
      command: { node: "config", sessionid: "s-1", status: "completed", note: { type: "info", text: "Saved" } },
    });
  });

  test("a command error reply is of type error", () => {
    expect(toXml({ kind: "iq", command: { node: "config" }, error: { condition: "bad-request" } })).toBe(
      '<iq type="error"><error type="cancel"><bad-request xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error>' +
        `<command xmlns="${COMMANDS}" node="config"/></iq>`,
    );
  });

  test.each([
    [{ command: { node: "n", data: { a: { nested: true } } } }, "command.data.a"],
    [{ command: { node: "n", data: ["a"] } }, "command.data"],
    [{ command: { node: "n", form: { fields: [{ var: "a", value: 5 }] } } }, "command.form.fields[0].value"],
    [{ command: { node: "n", form: { fields: [{ var: "a", values: ["x", 5] }] } } }, "command.form.fields[0].values[1]"],
    [{ command: { node: "n", form: { fields: "a" } } }, "command.form.fields"],
    [{ command: 42 }, "command"],
  ])("malformed form data is a 422 naming the field: %j", (json, field) => {
    const error = mappingErrorOf(json);
    expect([error.status, error.condition, error.context]).toEqual([422, "bad-format", { field }]);
  });
});

describe("data forms outside commands", () => {
  test("a dataform on a message", () => {
    const json = {
      kind: "message",
      dataform: { type: "form", title: "Poll", fields: [{ var: "vote", type: "list-single", options: [{ label: "Yes", value: "y" }] }] },
    };
    const xml =
      '<message><x xmlns="jabber:x:data" type="form"><title>Poll</title><field var="vote" type="list-single">' +
      '<option label="Yes"><value>y</value></option></field></x></message>';
    expect(toXml(json)).toBe(xml);
    expect(fromXml(xml)).toEqual(json);
  });

  test("formdata is written as a submitted form and read back as dataform", () => {
    const xml = toXml({ kind: "message", formdata: { answer: "42", count: 3 } });
    expect(xml).toBe(
      '<message><x xmlns="jabber:x:data" type="submit"><field var="answer"><value>42</value></field>' +
        '<field var="count"><value>3</value></field></x></message>',
    );
    expect(fromXml(xml)).toEqual({
      kind: "message",
      dataform: {
        type: "submit",
        fields: [
          { var: "answer", value: "42" },
          { var: "count", value: "3" },
        ],
      },
    });
  });

  test("an untyped field with several values reads as an array", () => {
    const xml = '<message><x xmlns="jabber:x:data"><field var="v"><value>1</value><value>2</value></field></x></message>';
    expect(fromXml(xml)).toEqual({ kind: "message", dataform: { fields: [{ var: "v", value: ["1", "2"] }] } });
  });
});
