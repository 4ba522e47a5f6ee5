/** Presence content and the presence extensions of the mod_rest schema. */
import { attr, child, object, textChild } from "../codecs";
import { NS } from "../namespaces";
import { integer, timestamp } from "../scalars";
import type { FieldEntry } from "./entry";

const PRESENCE = ["presence"] as const;
const IMPLIES_PRESENCE = { kind: "presence" } as const;

export const presenceFields: readonly FieldEntry[] = [
  {
    key: "show",
    kinds: PRESENCE,
    title: "RFC 6121: availability (away, chat, dnd, xa)",
    codec: textChild("show"),
    implies: IMPLIES_PRESENCE,
  },
  {
    key: "status",
    kinds: PRESENCE,
    title: "RFC 6121: status message",
    codec: textChild("status"),
    implies: IMPLIES_PRESENCE,
  },
  {
    key: "priority",
    kinds: PRESENCE,
    title: "RFC 6121: priority (-128 to 127)",
    codec: textChild("priority", integer),
    implies: IMPLIES_PRESENCE,
  },
  {
    key: "idle_since",
    kinds: PRESENCE,
    title: "XEP-0319: Last User Interaction in Presence, a timestamp",
    codec: child("idle", NS.idle, attr("since", timestamp)),
  },
  {
    key: "caps",
    kinds: PRESENCE,
    title: "XEP-0115: Entity Capabilities {hash, node, ver, ext}",
    codec: child("c", NS.caps, object({ hash: attr("hash"), node: attr("node"), ver: attr("ver"), ext: attr("ext") })),
  },
  {
    key: "vcard_update",
    kinds: PRESENCE,
    title: "XEP-0153: vCard-Based Avatars {photo}",
    codec: child("x", NS.vcardUpdate, object({ photo: textChild("photo") })),
  },
];
