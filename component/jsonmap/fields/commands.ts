/** XEP-0050 Ad-Hoc Commands, across the steps of an execution. */
import { attr, child, flag, object, text, union } from "../codecs";
import { NS } from "../namespaces";
import { dataform, submittedForm } from "./dataforms";
import type { FieldEntry } from "./entry";

const command = child(
  "command",
  NS.commands,
  union(
    {
      string: attr("node"),
      object: object({
        node: attr("node"),
        sessionid: attr("sessionid"),
        action: attr("action"),
        status: attr("status"),
        actions: child(
          "actions",
          undefined,
          object({ execute: attr("execute"), prev: flag("prev"), next: flag("next"), complete: flag("complete") }),
        ),
        note: child("note", undefined, object({ type: attr("type"), text: text() })),
        form: dataform,
        data: submittedForm,
      }),
    },
    () => "object",
  ),
);

export const commandFields: readonly FieldEntry[] = [
  {
    key: "command",
    kinds: ["iq"],
    title: "XEP-0050: Ad-Hoc Commands, node | {node, action, sessionid, status, actions, note, form, data}",
    codec: command,
    implies: { kind: "iq", type: "set" },
  },
];
