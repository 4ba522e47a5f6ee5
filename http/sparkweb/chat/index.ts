/**
 * SparkWeb's chat tag, acting as the authenticated user only:
 *   POST /chat/message/{to}           send a message (text, or JSON) → {id}
 *   POST /chat/chatstate/{state}/{to} send a XEP-0085 chat state
 *   GET  /chat/messages               search and page the user's own archive
 *   GET  /chat/conversations          one row per peer: last message, unread count
 *   POST /chat/conversations/{peer}/read   mark read (up to an archive id)
 * Messages go out through XEP-0356 as the user; the archive records them from the
 * component's `sent` event, and the user's event streams see them from there.
 */
import express, { Router } from "express";
import type { XmppComponent } from "../../../component";
import { NeedsClientSessionError, NotConnectedError, PrivilegeMissingError, StanzaError } from "../../../component/errors";
import type { Element } from "../../../component/stanza";
import { ArchiveInputError, ArchiveRepo } from "../../../storage/archive";
import type { RequireAuth } from "../../auth/middleware";
import { HttpError } from "../../errors";
import { CHAT_STATES } from "../../events/serialize";
import { userAuth } from "../auth";
import { chatMessage, chatStateMessage, parseChatContent } from "./compose";
import { archivedMessageJson, searchConversations } from "./history";
import { dateParam, intParam, peerParam, recipientParam, single } from "./params";

export interface ChatRouterOptions {
  component: XmppComponent;
  archive: Pick<ArchiveRepo, "search" | "conversations" | "markRead">;
  requireAuth: RequireAuth;
  bodyLimit: number;
  /** Called after a conversation was marked read (the user's other tabs update their badges). */
  onRead?(user: string, peer: string, upToId: number): void;
}

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;

export function chatRouter({ component, archive, requireAuth, bodyLimit, onRead }: ChatRouterOptions): Router {
  const router = Router();
  const auth = userAuth(requireAuth);
  const domain = component.serverDomain;
  const text = express.text({ type: () => true, limit: bodyLimit });

  router.post("/chat/message/:to", ...auth, text, async (req, res) => {
    const to = recipientParam("to", req.params.to, domain);
    const content = parseChatContent(req.headers["content-type"], typeof req.body === "string" ? req.body : "");
    const message = chatMessage(to, content);
    await send(component, req.principal!.jid, message);
    res.json({ id: message.attrs.id });
  });

  router.post("/chat/chatstate/:state/:to", ...auth, async (req, res) => {
    const state = String(req.params.state);
    if (!(CHAT_STATES as readonly string[]).includes(state)) {
      throw new HttpError(400, "invalid_chat_state", `state must be one of ${CHAT_STATES.join(", ")}; got ${JSON.stringify(state)}`);
    }
    await send(component, req.principal!.jid, chatStateMessage(recipientParam("to", req.params.to, domain), state));
    res.status(204).end();
  });

  router.get("/chat/messages", ...auth, (req, res) => {
    const q = req.query;
    const beforeId = intParam("before", q.before, { min: 1 });
    const afterId = intParam("after", q.after);
    if (beforeId !== undefined && afterId !== undefined) throw new HttpError(400, "invalid_parameter", "before and after cannot be combined: page one way at a time");
    const start = dateParam("start", q.start);
    const end = dateParam("end", q.end);
    if (start !== undefined && end !== undefined && start > end) throw new HttpError(400, "invalid_date", "start is after end");
    const keywords = q.keywords === undefined ? undefined : single("keywords", q.keywords).trim();
    if (keywords !== undefined && (keywords === "" || keywords.length > 200)) {
      throw new HttpError(400, "invalid_parameter", "keywords: expected 1 to 200 characters");
    }
    const query = {
      peer: q.to === undefined ? undefined : peerParam("to", q.to, domain),
      keywords,
      start,
      end,
      beforeId,
      afterId,
      limit: intParam("limit", q.limit, { min: 1, max: MAX_LIMIT }) ?? DEFAULT_LIMIT,
    };
    try {
      res.json(searchConversations(archive, req.principal!.jid, query, domain));
    } catch (err) {
      // e.g. keywords with no word in them
      if (err instanceof ArchiveInputError) throw new HttpError(400, "invalid_parameter", err.message);
      throw err;
    }
  });

  router.get("/chat/conversations", ...auth, (req, res) => {
    const user = req.principal!.jid;
    const limit = intParam("limit", req.query.limit, { min: 1, max: MAX_LIMIT }) ?? MAX_LIMIT;
    res.json({
      conversations: archive.conversations(user, limit).map(({ peer, last, firstId, unread }) => ({
        jid: peer,
        unread,
        lastMessage: archivedMessageJson(last, firstId),
      })),
    });
  });

  router.post("/chat/conversations/:peer/read", ...auth, express.json({ limit: 1024, type: () => true }), (req, res) => {
    const user = req.principal!.jid;
    const peer = peerParam("peer", req.params.peer, domain);
    const latest = archive.search(user, { peer, limit: 1 })[0];
    if (!latest) throw new HttpError(404, "conversation_not_found", `you have no archived messages with ${peer}`);
    const body = (req.body ?? {}) as { upTo?: unknown };
    if (typeof body !== "object" || Array.isArray(body)) throw new HttpError(422, "invalid_body", 'expected {"upTo": <archive id>} or no body');
    const upTo = body.upTo === undefined ? latest.id : body.upTo;
    if (!Number.isSafeInteger(upTo) || (upTo as number) < 1) throw new HttpError(422, "invalid_body", "upTo: expected an archive id (a positive integer)");
    const upToId = Math.min(upTo as number, latest.id);
    archive.markRead(user, peer, upToId);
    onRead?.(user, peer, upToId);
    res.status(204).end();
  });

  return router;
}

/** Sends as the user; what the server would bounce, or cannot do, becomes an HTTP error. */
async function send(component: XmppComponent, user: string, message: Element): Promise<void> {
  let bounce: Element | null;
  try {
    bounce = await component.sendAsChecked(user, message);
  } catch (err) {
    if (err instanceof NotConnectedError) throw new HttpError(503, "xmpp_unavailable", err.message, { headers: { "Retry-After": "5" } });
    if (err instanceof PrivilegeMissingError) throw new HttpError(503, "privilege_missing", err.message);
    if (err instanceof NeedsClientSessionError) throw new HttpError(422, "needs_client_session", err.message);
    throw err;
  }
  if (bounce) {
    const { condition } = StanzaError.fromStanza(bounce);
    throw new HttpError(404, "recipient_unavailable", `${message.attrs.to} cannot receive messages (${condition}); nothing was sent`);
  }
}
