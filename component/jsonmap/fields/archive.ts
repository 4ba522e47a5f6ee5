/** XEP-0313 Message Archive Management and XEP-0297 forwarding (which nests a whole message). */
import { attr, child, named, object, ref, shorthand } from "../codecs";
import { ownValue, type JsonObject, type JsonSchema } from "../codec";
import { badFormat } from "../errors";
import { NS } from "../namespaces";
import { boolean } from "../scalars";
import { delay, rsm } from "./common";
import { dataform } from "./dataforms";
import type { FieldEntry } from "./entry";

/** XEP-0297 `<forwarded>`: {delay, message}. */
const forwarded = named(
  "forwarded",
  child("forwarded", NS.forward, object({ delay, message: child("message", NS.client, ref("message")) })),
);

/** Query filters that may be given directly on `archive` instead of as a data form (as mod_rest allows). */
const FILTERS = ["with", "start", "end", "before-id", "after-id", "ids"];
const PAGING = ["after", "before", "max"];
const SHORTHAND: ReadonlySet<string> = new Set([...FILTERS, ...PAGING]);

const shorthandSchemas: Record<string, JsonSchema> = {
  with: { type: "string" },
  start: { type: "string", format: "date-time" },
  end: { type: "string", format: "date-time" },
  "before-id": { type: "string" },
  "after-id": { type: "string" },
  ids: { anyOf: [{ type: "string", description: "comma-separated" }, { type: "array", items: { type: "string" } }] },
  after: { type: "string" },
  before: { type: "string", description: "an empty string asks for the last page" },
  max: { anyOf: [{ type: "integer" }, { type: "string", pattern: "^[0-9]+$" }] },
};

/**
 * Empty strings count as absent (GET query strings carry `with=&max=`), except `before`, where ""
 * asks for the last page.
 */
function given(archive: JsonObject, key: string): unknown {
  const value = ownValue(archive, key);
  return value === null || (value === "" && key !== "before") ? undefined : value;
}

function filterValues(value: unknown, key: string, path: string): unknown[] {
  if (typeof value === "string") return key === "ids" ? value.split(",") : [value];
  if (key === "ids" && Array.isArray(value)) return value;
  throw badFormat(`${path}.${key}`, key === "ids" ? "expected a string or an array of strings" : "expected a string");
}

/** Turns filter and paging shorthand into the MAM data form and the RSM set. */
function expandQuery(archive: JsonObject, path: string): JsonObject {
  const query = Object.fromEntries(Object.entries(archive).filter(([key]) => !SHORTHAND.has(key)));
  const filters = FILTERS.filter((key) => given(archive, key) !== undefined);
  if (filters.length > 0 && query.form === undefined) {
    query.form = {
      type: "submit",
      fields: [
        { var: "FORM_TYPE", type: "hidden", values: [NS.mam] },
        ...filters.map((key) => ({ var: key, values: filterValues(given(archive, key), key, path) })),
      ],
    };
  }
  const paging = PAGING.filter((key) => given(archive, key) !== undefined);
  if (paging.length > 0 && query.page === undefined) {
    query.page = Object.fromEntries(paging.map((key) => [key, given(archive, key)]));
  }
  return query;
}

export const archiveFields: readonly FieldEntry[] = [
  {
    key: "archive",
    kinds: ["iq"],
    title:
      "XEP-0313: MAM query {queryid, form, page} or shorthand " +
      "{with, start, end, before-id, after-id, ids, after, before, max}",
    codec: child(
      "query",
      NS.mam,
      shorthand(object({ queryid: attr("queryid"), form: dataform, page: rsm }), shorthandSchemas, expandQuery),
    ),
    implies: { kind: "iq", type: "set" },
  },
  {
    key: "archive",
    kinds: ["message"],
    title: "XEP-0313: MAM result {queryid, id, forward: {delay, message}}",
    codec: child("result", NS.mam, object({ queryid: attr("queryid"), id: attr("id"), forward: forwarded })),
  },
  {
    key: "result",
    kinds: ["iq"],
    title: "XEP-0313: end of MAM results {complete, page}",
    codec: child("fin", NS.mam, object({ complete: attr("complete", boolean), page: rsm })),
  },
  {
    key: "forwarded",
    kinds: ["message"],
    title: "XEP-0297: Stanza Forwarding {delay, message}",
    codec: forwarded,
  },
];
