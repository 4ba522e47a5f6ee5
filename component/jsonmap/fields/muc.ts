/** XEP-0045 Multi-User Chat and XEP-0249 direct invitations. */
import { alias, attr, child, object, present, textChild } from "../codecs";
import type { Codec } from "../codec";
import { NS } from "../namespaces";
import { boolean, integer, timestamp } from "../scalars";
import type { FieldEntry } from "./entry";

/** Joining a room: `<x xmlns='…/muc'>` with optional history limits and password. */
const mucJoin = child(
  "x",
  NS.muc,
  object({
    history: child(
      "history",
      undefined,
      object({
        maxchars: attr("maxchars", integer),
        maxstanzas: attr("maxstanzas", integer),
        seconds: attr("seconds", integer),
        since: attr("since", timestamp),
      }),
    ),
    password: textChild("password"),
  }),
);

/** Properties of a mediated invitation that live in its `<invite>` element. */
function inInvite(codec: Codec): Codec {
  return child("invite", undefined, codec, { shared: true });
}

/** A mediated invitation, sent to the room (`to`: invitee) or from it (`from`: inviter). */
const mediatedInvite = child(
  "x",
  NS.mucUser,
  object(
    {
      to: inInvite(attr("to")),
      from: inInvite(attr("from")),
      reason: inInvite(textChild("reason")),
      continue: inInvite(child("continue", undefined, present, { shared: true })),
      thread: inInvite(child("continue", undefined, attr("thread"), { shared: true })),
      password: textChild("password"),
    },
    { emptyAsAbsent: true },
  ),
);

export const mucFields: readonly FieldEntry[] = [
  {
    key: "muc",
    kinds: ["presence"],
    title: "XEP-0045: joining a room {history: {maxchars, maxstanzas, seconds, since}, password}",
    codec: mucJoin,
    implies: { kind: "presence" },
  },
  {
    key: "join",
    kinds: ["presence"],
    title: "XEP-0045: joining a room (true), shorthand for muc: {}",
    codec: alias(child("x", NS.muc, present), { writeOnly: true }),
    implies: { kind: "presence" },
  },
  {
    key: "invite",
    kinds: ["message"],
    title: "XEP-0249: Direct MUC Invitations {jid, password, reason, thread, continue}",
    codec: child(
      "x",
      NS.conference,
      object({
        jid: attr("jid"),
        password: attr("password"),
        reason: attr("reason"),
        thread: attr("thread"),
        continue: attr("continue", boolean),
      }),
    ),
  },
  {
    key: "muc_invite",
    kinds: ["message"],
    title: "XEP-0045: mediated invitation {to | from, reason, password, continue, thread}",
    codec: mediatedInvite,
  },
  {
    key: "occupant_id",
    kinds: ["message", "presence"],
    title: "XEP-0421: Anonymous unique occupant identifiers for MUCs",
    codec: child("occupant-id", NS.occupantId, attr("id")),
  },
];
