/**
 * Every open event stream, by user, and the fan-out to them: each archived or live
 * message of a user and each presence they may see goes to every open stream of that
 * user, serialized once. Also the heartbeat, the caps on streams, and the opening
 * sequence of a stream: onConnect, replay after Last-Event-ID, onLive, presences.
 */
import type { ServerResponse } from "node:http";
import type { ComponentEvents, EventBus } from "../../component/events";
import type { PresenceService } from "../../component/services/presence";
import type { Profile } from "../../component/services/profile";
import { parseStanzaXml } from "../../component/xml/parse";
import { Element, xml } from "../../component/stanza";
import type { Logger } from "../../log";
import type { ArchivedMessage, ArchiveRepo } from "../../storage/archive";
import { HttpError } from "../errors";
import { replay } from "./replay";
import { encodeEvents, MessageInput, messageEvents, presenceEvent, rawEvent, SseEvent } from "./serialize";
import { EventStream } from "./stream";

export interface HubOptions {
  events: EventBus;
  presence: PresenceService;
  /** Display name and email for onConnect. */
  profiles: { get(user: string): Promise<Profile> };
  archive: Pick<ArchiveRepo, "after" | "search">;
  heartbeatMs: number;
  maxBuffer: number;
  maxStreamsPerUser: number;
  maxStreams: number;
  retryMs?: number;
  log: Logger;
}

export interface OpenOptions {
  user: string;
  /** Asked at every heartbeat: false (a revoked or expired credential) closes the stream. */
  stillAuthorized(): boolean;
  raw: boolean;
  /** The client's Last-Event-ID: replay what was archived after it. */
  lastEventId: number | null;
}

type UserMessage = ComponentEvents["userMessage"][0];

export class StreamHub {
  private readonly streams = new Map<string, Set<EventStream>>();
  private readonly authorizations = new Map<EventStream, () => boolean>();
  private count = 0;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly log: Logger;

  constructor(private readonly options: HubOptions) {
    this.log = options.log;
    options.events.on("userMessage", this.onMessage);
    options.presence.on("presence", this.onPresence);
    this.heartbeat = setInterval(() => this.beat(), options.heartbeatMs).unref();
  }

  /** Open streams of `user`. */
  streamsOf(user: string): number {
    return this.streams.get(user)?.size ?? 0;
  }

  /** Answers the request with a stream: throws HttpError (nothing written) when a cap is reached. */
  async open(res: ServerResponse, { user, raw, lastEventId, stillAuthorized }: OpenOptions): Promise<void> {
    // Read before the stream exists: between adding it and reading the newest archive id
    // below nothing may wait, or a message archived meanwhile would be neither live nor replayed.
    const profile = await this.options.profiles.get(user);
    if (this.streamsOf(user) >= this.options.maxStreamsPerUser) {
      throw new HttpError(429, "too_many_streams", `at most ${this.options.maxStreamsPerUser} event streams per user; close one first`);
    }
    if (this.count >= this.options.maxStreams) {
      throw new HttpError(503, "streams_exhausted", "the gateway has as many open event streams as it allows; try again later", { headers: { "Retry-After": "30" } });
    }
    const stream = new EventStream(res, {
      user,
      raw,
      maxBuffer: this.options.maxBuffer,
      retryMs: this.options.retryMs ?? 3000,
      onClose: (s, reason) => this.remove(s, reason),
    });
    this.add(stream);
    this.authorizations.set(stream, stillAuthorized);
    // Paired with unwatch() when the stream closes, whatever happens in between.
    const rosterRead = this.options.presence.watch(user);
    stream.start();
    // Everything archived after this id reaches this stream, live or by replay. It is also
    // onConnect's SSE id, so a client that came without Last-Event-ID resumes from here.
    const newest = this.options.archive.search(user, { limit: 1 })[0]?.id ?? 0;
    stream.write(encodeEvents([connectEvent(user, profile, newest, lastEventId)], lastEventId ?? newest));

    const presences = this.sendPresences(stream, rosterRead);
    let resumed = { replayed: 0, lastEventId: newest };
    if (lastEventId === null) stream.goLive(0);
    else resumed = await replay(stream, this.options.archive, lastEventId, (m) => this.encodeArchived(m, stream.raw));
    stream.write(encodeEvents([{ event: "onLive", data: resumed }]));
    await presences;
  }

  /** Sends live-only events to every stream of `user` (e.g. a conversation marked read elsewhere). */
  publish(user: string, events: SseEvent[]): void {
    const text = encodeEvents(events);
    for (const stream of this.streams.get(user) ?? []) stream.write(text);
  }

  close(): void {
    clearInterval(this.heartbeat);
    this.options.events.off("userMessage", this.onMessage);
    this.options.presence.off("presence", this.onPresence);
    for (const streams of [...this.streams.values()]) for (const stream of [...streams]) stream.close("the gateway is stopping");
  }

  private readonly onMessage = ({ owner, direction, message, stanza }: UserMessage): void => {
    const streams = this.streams.get(owner);
    if (!streams) return;
    const input: MessageInput = { owner, direction, stanza, archived: message };
    const events = messageEvents(input);
    const encoded = lazyPair(
      () => encodeEvents(events, message?.id),
      () => encodeEvents([rawEvent(message?.xml ?? stanza.toString()), ...events], message?.id),
    );
    for (const stream of streams) {
      const text = encoded(stream.raw);
      if (message) stream.deliverArchived(text, message.id);
      else stream.write(text);
    }
  };

  private readonly onPresence = (user: string, presence: Element): void => {
    const streams = this.streams.get(user);
    if (!streams) return;
    const encoded = lazyPair(
      () => encodeEvents([presenceEvent(user, presence)]),
      () => encodeEvents([rawEvent(presence.toString()), presenceEvent(user, presence)]),
    );
    for (const stream of streams) stream.write(encoded(stream.raw));
  };

  /** The presences the user sees right now, once the roster is read; live changes follow. */
  private async sendPresences(stream: EventStream, rosterRead: Promise<void>): Promise<void> {
    await rosterRead;
    if (stream.isClosed) return;
    const presences = this.options.presence.snapshot(stream.user);
    if (presences.length === 0) return;
    stream.write(presences.map((p) => encodeEvents(stream.raw ? [rawEvent(p.toString()), presenceEvent(stream.user, p)] : [presenceEvent(stream.user, p)])).join(""));
  }

  private encodeArchived(message: ArchivedMessage, raw: boolean): string {
    const stanza = parseArchived(message);
    const events = messageEvents({ owner: message.owner, direction: message.direction, stanza, archived: message });
    return encodeEvents(raw ? [rawEvent(message.xml), ...events] : events, message.id);
  }

  private add(stream: EventStream): void {
    let streams = this.streams.get(stream.user);
    if (!streams) this.streams.set(stream.user, (streams = new Set()));
    streams.add(stream);
    this.count++;
  }

  private remove(stream: EventStream, reason: string): void {
    const streams = this.streams.get(stream.user);
    this.authorizations.delete(stream);
    if (!streams?.delete(stream)) return;
    this.count--;
    if (streams.size === 0) this.streams.delete(stream.user);
    this.options.presence.unwatch(stream.user);
    const level = reason.startsWith("cut off") ? "info" : "debug";
    this.log[level]("event stream closed", { user: stream.user, reason });
  }

  private beat(): void {
    for (const streams of [...this.streams.values()]) {
      for (const stream of [...streams]) {
        if (this.authorizations.get(stream)?.() === false) stream.close("its credentials were revoked or expired");
        else stream.heartbeat();
      }
    }
  }
}

/** SparkWeb's onConnect, with where this stream starts. Without a vCard name, the username is the name. */
function connectEvent(user: string, profile: Profile, newestId: number, lastEventId: number | null): SseEvent {
  const username = user.slice(0, user.indexOf("@"));
  const data = { username, name: profile.name ?? username, email: profile.email, jid: user, lastEventId: newestId, resumeFrom: lastEventId };
  return { event: "onConnect", data };
}

/** The archived stanza; a minimal one from the row's fields should its XML not parse. */
function parseArchived(message: ArchivedMessage): Element {
  try {
    return parseStanzaXml(message.xml, { maxBytes: Number.MAX_SAFE_INTEGER });
  } catch {
    return xml("message", { type: message.type, from: message.from, to: message.to, id: message.messageId ?? undefined });
  }
}

/** Serializes at most once per variant, and only the variants some stream wants. */
function lazyPair(plain: () => string, raw: () => string): (wantRaw: boolean) => string {
  let p: string | undefined;
  let r: string | undefined;
  return (wantRaw) => (wantRaw ? (r ??= raw()) : (p ??= plain()));
}
