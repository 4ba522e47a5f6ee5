/**
 * Resuming a stream: everything archived for the user after the client's Last-Event-ID,
 * oldest first, read a page at a time and written no faster than the client reads. The
 * switch to live happens in the same tick as the read that found nothing more, so no
 * message can fall between the replay and the live feed.
 */
import type { ArchivedMessage, ArchiveRepo } from "../../storage/archive";
import type { EventStream } from "./stream";

const REPLAY_PAGE = 100;

/** Replays and switches the stream to live; returns how many were replayed and the last id sent. */
export async function replay(
  stream: EventStream,
  archive: Pick<ArchiveRepo, "after">,
  afterId: number,
  encode: (message: ArchivedMessage) => string,
): Promise<{ replayed: number; lastEventId: number }> {
  let cursor = afterId;
  let count = 0;
  for (;;) {
    if (stream.isClosed) break;
    const page = archive.after(stream.user, cursor, REPLAY_PAGE);
    if (page.length === 0) {
      stream.goLive(count > 0 ? cursor : 0);
      break;
    }
    for (const message of page) {
      cursor = message.id;
      count++;
      if (!stream.write(encode(message))) await stream.drained();
      if (stream.isClosed) break;
    }
  }
  return { replayed: count, lastEventId: cursor };
}
