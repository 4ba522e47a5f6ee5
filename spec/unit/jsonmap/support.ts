import { jsonToStanza, MappingError, stanzaToJson } from "../../../component/jsonmap";
import { parseStanzaXml } from "../../../component/xml/parse";
import type { MappingCase } from "./cases";

export function toXml(json: unknown): string {
  return jsonToStanza(json).toString();
}

export function fromXml(text: string): Record<string, unknown> {
  return stanzaToJson(parseStanzaXml(text));
}

/** Runs the three checks of a mapping case: JSON → XML, XML → JSON, and JSON → XML → JSON. */
export function describeMappings(title: string, cases: readonly MappingCase[]): void {
  describe(title, () => {
    test.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
      expect(toXml(c.json)).toBe(c.xml);
      expect(fromXml(c.xml)).toEqual(c.back);
      expect(stanzaToJson(jsonToStanza(c.json))).toEqual(c.back);
    });
  });
}

/** The MappingError `json` is refused with. */
export function mappingErrorOf(json: unknown): MappingError {
  try {
    jsonToStanza(json);
  } catch (error) {
    if (error instanceof MappingError) return error;
    throw error;
  }
  throw new Error(`expected a MappingError for ${JSON.stringify(json)}`);
}
