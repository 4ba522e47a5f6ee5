/**
 * GET /chat/messages: the caller's own archive, searched and paged, shaped like
 * SparkWeb's Conversations → Conversation → ArchivedMessage. A conversation is everything
 * with one peer; its id is the archive id of the first message ever exchanged with that
 * peer, so it is stable across pages. Pages go by archive id: `before` for older, `after`
 * for newer, and `paging` tells where a page starts and ends and whether more exist.
 */
import type { ArchivedMessage, ArchiveQuery, ArchiveRepo } from "../../../storage/archive";

export type ArchiveReader = Pick<ArchiveRepo, "search">;

/** A conversation's id: the archive id of the first message ever exchanged with the peer (stable across pages). */
function conversationIdOf(archive: ArchiveReader, owner: string, peer: string): number | null {
  return archive.search(owner, { peer, afterId: 0, limit: 1 })[0]?.id ?? null;
}

export function archivedMessageJson(m: ArchivedMessage, conversationID: number) {
  return {
    conversationID,
    id: m.id,
    from: m.from,
    to: m.to,
    sentDate: new Date(m.timestamp).toISOString(),
    body: m.body,
    subject: m.subject,
    thread: m.thread,
    type: m.type,
    direction: m.direction,
    stanzaId: m.stanzaId,
    messageId: m.messageId,
    roomEvent: false,
  };
}

export function searchConversations(archive: ArchiveReader, owner: string, query: ArchiveQuery, serverDomain: string) {
  // One more than asked tells whether another page exists.
  const found = archive.search(owner, { ...query, limit: query.limit + 1 });
  const complete = found.length <= query.limit;
  const page = found.slice(0, query.limit);
  // search() gives newest first, or oldest first when paging forward; show in time order.
  if (query.afterId === undefined) page.reverse();

  const byPeer = new Map<string, ArchivedMessage[]>();
  for (const m of page) {
    const list = byPeer.get(m.peer);
    if (list) list.push(m);
    else byPeer.set(m.peer, [m]);
  }
  const conversations = [...byPeer].map(([peer, messages]) => {
    const conversationID = conversationIdOf(archive, owner, peer) ?? messages[0].id;
    const room = messages.some((m) => m.type === "groupchat");
    return {
      conversationID,
      external: peer.slice(peer.indexOf("@") + 1) !== serverDomain,
      chatRoom: room ? peer : null,
      startDate: new Date(messages[0].timestamp).toISOString(),
      lastActivity: new Date(messages[messages.length - 1].timestamp).toISOString(),
      messageCount: messages.length,
      participantList: room ? [peer] : [owner, peer],
      messages: messages.map((m) => archivedMessageJson(m, conversationID)),
    };
  });
  const ids = page.map((m) => m.id);
  return {
    conversations,
    paging: { first: ids.length ? Math.min(...ids) : null, last: ids.length ? Math.max(...ids) : null, complete },
  };
}
