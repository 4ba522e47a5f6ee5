/** Simple iq queries and their results. */
import { attr, child, flag, list, object, present, text, textChild, union } from "../codecs";
import { hasChildElements } from "../codec";
import { NS } from "../namespaces";
import { boolean, integer, number, timestamp } from "../scalars";
import { dataform } from "./dataforms";
import type { FieldEntry } from "./entry";

const IQ = ["iq"] as const;
const IMPLIES_IQ = { kind: "iq" } as const;

/** `GET /rest/{query}/{to}` asks with `{}`: every query field takes it as the empty query. */
const emptyQuery = object({});

/** `true` (or `{}`) asks; an array answers. */
const stats = child(
  "query",
  NS.stats,
  union(
    {
      boolean: present,
      object: emptyQuery,
      array: list("stat", undefined, object({ name: attr("name"), unit: attr("unit"), value: attr("value", number) }), {
        keepEmpty: true,
      }),
    },
    (query) => (hasChildElements(query) ? "array" : "boolean"),
  ),
);

const extdiscoService = object({
  type: attr("type"),
  host: attr("host"),
  port: attr("port", integer),
  transport: attr("transport"),
  username: attr("username"),
  password: attr("password"),
  restricted: attr("restricted", boolean),
  expires: attr("expires", timestamp),
  name: attr("name"),
});

/** XEP-0077 fields, in the order of the XEP's schema. */
const REGISTRATION_FIELDS = [
  "instructions",
  "username",
  "nick",
  "password",
  "name",
  "first",
  "last",
  "email",
  "address",
  "city",
  "state",
  "zip",
  "phone",
  "url",
  "date",
  "misc",
  "text",
  "key",
];

const register = object({
  registered: flag("registered"),
  ...Object.fromEntries(REGISTRATION_FIELDS.map((name) => [name, textChild(name)])),
  remove: flag("remove"),
  form: dataform,
});

export const queryFields: readonly FieldEntry[] = [
  {
    key: "ping",
    kinds: IQ,
    title: "XEP-0199: XMPP Ping (true)",
    codec: child("ping", NS.ping, union({ boolean: present, object: emptyQuery }, () => "boolean")),
    implies: IMPLIES_IQ,
  },
  {
    key: "version",
    kinds: IQ,
    title: "XEP-0092: Software Version, true | {name, version, os}",
    codec: child(
      "query",
      NS.version,
      union(
        {
          boolean: present,
          object: object({ name: textChild("name"), version: textChild("version"), os: textChild("os") }),
        },
        (query) => (hasChildElements(query) ? "object" : "boolean"),
      ),
    ),
    implies: IMPLIES_IQ,
  },
  {
    key: "lastactivity",
    kinds: IQ,
    title: "XEP-0012: Last Activity {seconds, status}",
    codec: child("query", NS.last, object({ seconds: attr("seconds", integer), status: text() })),
    implies: IMPLIES_IQ,
  },
  {
    key: "extdisco",
    kinds: IQ,
    title: "XEP-0215: External Service Discovery {type, services: [{type, host, port, …}]}",
    codec: child(
      "services",
      NS.extdisco,
      object({ type: attr("type"), services: list("service", undefined, extdiscoService) }),
    ),
    implies: IMPLIES_IQ,
  },
  {
    key: "stats",
    kinds: IQ,
    title: "XEP-0039: Statistics Gathering, true | [{name, unit, value}]",
    codec: stats,
    implies: IMPLIES_IQ,
  },
  {
    key: "upload_request",
    kinds: IQ,
    title: "XEP-0363: HTTP File Upload, slot request {filename, size, content-type}",
    codec: child(
      "request",
      NS.upload,
      object({ filename: attr("filename"), size: attr("size", integer), "content-type": attr("content-type") }),
    ),
    implies: IMPLIES_IQ,
  },
  {
    key: "upload_slot",
    kinds: IQ,
    title: "XEP-0363: HTTP File Upload, slot {put: {url, headers: [{name, value}]}, get: {url}}",
    codec: child(
      "slot",
      NS.upload,
      object({
        put: child(
          "put",
          undefined,
          object({
            url: attr("url"),
            headers: list(
              "header",
              undefined,
              object({ name: attr("name"), value: text(undefined, { keepEmpty: true }) }),
            ),
          }),
        ),
        get: child("get", undefined, object({ url: attr("url") })),
      }),
    ),
  },
  {
    key: "register",
    kinds: IQ,
    title: "XEP-0077: In-Band Registration {username, password, …, registered, remove, form}",
    codec: child("query", NS.register, register),
    implies: IMPLIES_IQ,
  },
  {
    key: "gateway",
    kinds: IQ,
    title: "XEP-0100: Gateway Interaction {desc, prompt, jid}",
    codec: child(
      "query",
      NS.gateway,
      object({ desc: textChild("desc"), prompt: textChild("prompt"), jid: textChild("jid") }),
    ),
    implies: IMPLIES_IQ,
  },
  {
    key: "oob",
    kinds: IQ,
    title: "XEP-0066: Out of Band Data, iq query {url, desc}",
    codec: child("query", NS.oobIq, object({ url: textChild("url"), desc: textChild("desc") })),
    implies: { kind: "iq", weak: true },
  },
];
