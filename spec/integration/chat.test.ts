/**
 * SparkWeb's chat routes against a real Prosody with real clients: messages and chat
 * states reach bob's client as sent by alice and are archived; bad input is refused with
 * a clear error and sends nothing; the archive search (keywords, dates, paging) and the
 * conversation list with unread counts and mark-read show alice her own messages only.
 */
import xml from "@xmpp/xml";
import { ApiKeysRepo } from "../../storage/api-keys";
import { connectClient, TestClient } from "../support/client";
import { json } from "../support/http";
import { connectSse, SseClient } from "../../scripts/sse-client";
import { startStack, Stack, waitFor } from "../support/stack";

let stack: Stack;
let bob: TestClient;
let carol: TestClient;
let token: string;
const BASE = "/sparkweb/api/rest";
const streams: SseClient[] = [];

beforeAll(async () => {
  stack = await startStack();
  await waitFor(() => stack.gateway.inbound.spool?.online === true, 10_000, "the spool reader to be online");
  bob = await connectClient(stack.server, "bob", "phone");
  carol = await connectClient(stack.server, "carol", "laptop");
  token = await stack.token("alice");
});

afterEach(() => {
  for (const s of streams.splice(0)) s.close();
});

afterAll(async () => {
  await bob?.stop();
  await carol?.stop();
  await stack?.stop();
});

function api(method: string, path: string, body?: string, contentType = "text/plain") {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (body !== undefined) headers["Content-Type"] = contentType;
  return fetch(stack.url + BASE + path, { method, headers, body });
}

async function aliceStream(): Promise<SseClient> {
  const client = await connectSse(`${stack.url}/sparkweb/sse`, { headers: { Authorization: `Bearer ${token}` } });
  streams.push(client);
  await client.waitFor((e) => e.event === "onLive");
  return client;
}

const messageWithId = (id: string) => (s: xml.Element) => s.is("message") && s.attrs.id === id;

/** Sends from a real client and waits until the message is in alice's archive. */
async function receive(from: TestClient, body: string): Promise<number> {
  await from.send(xml("message", { to: "alice@localhost", type: "chat", id: `c-${Math.random().toString(36).slice(2)}` }, xml("body", {}, body)));
  let id = 0;
  await waitFor(() => {
    id = stack.gateway.archive.search("alice@localhost", { keywords: undefined, limit: 20 }).find((m) => m.body === body)?.id ?? 0;
    return id > 0;
  }, 5000, `"${body}" to be archived`);
  return id;
}

/** Everything bob's client received after `since`, once the server processed what alice's gateway sent. */
async function bobReceivedSince(since: number): Promise<xml.Element[]> {
  await api("POST", "/chat/message/bob", "sentinel");
  await bob.waitFor((s) => s.getChildText("body") === "sentinel");
  return bob.received.slice(since).filter((s) => s.is("message") && s.getChildText("body") !== "sentinel");
}

describe("POST /chat/message/{to}", () => {
  it("sends the text as alice to bob's real client, archives it and shows it on alice's streams", async () => {
    const stream = await aliceStream();
    const res = await api("POST", "/chat/message/bob@localhost", "Hello bob, \"quoted\" & <tagged>");
    expect(res.status).toBe(200);
    const { id } = await json(res);
    expect(id).toEqual(expect.any(String));

    const got = await bob.waitFor(messageWithId(id));
    expect(got.attrs).toMatchObject({ from: "alice@localhost", type: "chat" });
    expect(got.getChildText("body")).toBe("Hello bob, \"quoted\" & <tagged>");

    const event = await stream.waitFor((e) => e.event === "chatapi.chat" && e.data.id === id);
    expect(event.data).toMatchObject({ direction: "out", from: "alice@localhost", to: "bob@localhost", body: "Hello bob, \"quoted\" & <tagged>" });
    const history = await json(await api("GET", "/chat/messages?to=bob&limit=5"));
    const archived = history.conversations[0].messages.find((m: { messageId: string }) => m.messageId === id);
    expect(archived).toMatchObject({ direction: "out", from: "alice@localhost", body: "Hello bob, \"quoted\" & <tagged>", roomEvent: false });
  });

  it("takes JSON: body, thread and subject, and other members travel as SparkWeb's data", async () => {
    const res = await api("POST", "/chat/message/bob", JSON.stringify({ body: "card", thread: "t-1", subject: "Topic", card: { title: "x" } }), "application/json");
    expect(res.status).toBe(200);
    const got = await bob.waitFor(messageWithId((await json(res)).id));
    expect(got.getChildText("body")).toBe("card");
    expect(got.getChildText("thread")).toBe("t-1");
    expect(got.getChildText("subject")).toBe("Topic");
    const value = got.getChild("properties", "http://www.jivesoftware.com/xmlns/xmpp/properties")?.getChild("property")?.getChildText("value");
    expect(JSON.parse(value!)).toEqual({ body: "card", thread: "t-1", subject: "Topic", card: { title: "x" } });

    // SparkWeb clients post JSON as text: a JSON object without body is a data-only message.
    const text = await api("POST", "/chat/message/bob", '{"action":"ring"}');
    const ring = await bob.waitFor(messageWithId((await json(text)).id));
    expect(ring.getChild("body")).toBeUndefined();
    expect(ring.getChild("properties", "http://www.jivesoftware.com/xmlns/xmpp/properties")).toBeDefined();
  });

  it("refuses bad input with a clear error and sends nothing", async () => {
    const since = bob.received.length;
    const cases: [string, string | undefined, string, number, string][] = [
      ["/chat/message/bob", "   ", "text/plain", 400, "empty_message"],
      ["/chat/message/a@b@c", "hi", "text/plain", 400, "invalid_jid"],
      ["/chat/message/nobody@localhost", "hi", "text/plain", 404, "recipient_unavailable"],
      ["/chat/message/bob", "bell \u0007", "text/plain", 422, "invalid_characters"],
      ["/chat/message/bob", "{not json", "application/json", 400, "invalid_json"],
      ["/chat/message/bob", '{"body": 5}', "application/json", 422, "invalid_message"],
      ["/chat/message/bob", "[1,2]", "application/json", 422, "invalid_message"],
    ];
    for (const [path, body, type, status, code] of cases) {
      const res = await api("POST", path, body, type);
      expect([path, body, res.status]).toEqual([path, body, status]);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect((await json(res)).code).toBe(code);
    }
    expect(await bobReceivedSince(since)).toEqual([]);
  });

  it("needs a user's credentials: none is 401, a bot's key is 403", async () => {
    expect((await fetch(`${stack.url}${BASE}/chat/message/bob`, { method: "POST", body: "x" })).status).toBe(401);
    const { key } = new ApiKeysRepo(stack.gateway.db).create("bot@rest.localhost");
    const asBot = await fetch(`${stack.url}${BASE}/chat/message/bob`, { method: "POST", body: "x", headers: { Authorization: `Bearer ${key}` } });
    expect(asBot.status).toBe(403);
    expect((await json(asBot)).code).toBe("users_only");
    const stream = await connectSse(`${stack.url}/sparkweb/sse`, { headers: { Authorization: `Bearer ${key}` } });
    expect(stream.status).toBe(403);
  });
});

describe("POST /chat/chatstate/{state}/{to}", () => {
  it("sends each XEP-0085 state to bob's client, body-less", async () => {
    for (const state of ["composing", "paused", "active", "inactive", "gone"]) {
      const since = bob.received.length;
      expect((await api("POST", `/chat/chatstate/${state}/bob@localhost`)).status).toBe(204);
      const got = await bob.waitFor((s) => bob.received.indexOf(s) >= since && s.getChild(state, "http://jabber.org/protocol/chatstates") !== undefined);
      expect(got.attrs.from).toBe("alice@localhost");
      expect(got.getChild("body")).toBeUndefined();
    }
  });

  it("answers 400 for any other state and sends nothing", async () => {
    const since = bob.received.length;
    const res = await api("POST", "/chat/chatstate/typing/bob");
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({ code: "invalid_chat_state" });
    expect(await bobReceivedSince(since)).toEqual([]);
  });
});

describe("GET /chat/messages", () => {
  const words = ["apple pie", "banana split", "cherry tart", "banana bread", "date cake"];
  const ids: number[] = [];

  beforeAll(async () => {
    for (const body of words) ids.push(await receive(carol, body));
  });

  it("answers in SparkWeb's Conversations shape, for one peer", async () => {
    const res = await api("GET", "/chat/messages?to=carol@localhost");
    expect(res.status).toBe(200);
    const { conversations, paging } = await json(res);
    expect(conversations).toHaveLength(1);
    const [c] = conversations;
    expect(c).toMatchObject({ conversationID: ids[0], external: false, chatRoom: null, messageCount: 5, participantList: ["alice@localhost", "carol@localhost"] });
    expect(c.messages.map((m: { body: string }) => m.body)).toEqual(words);
    expect(c.messages[0]).toMatchObject({ conversationID: ids[0], id: ids[0], from: "carol@localhost/laptop", to: "alice@localhost", direction: "in", roomEvent: false });
    expect(Date.parse(c.messages[0].sentDate)).toBeGreaterThan(Date.now() - 60_000);
    expect(c.startDate).toBe(c.messages[0].sentDate);
    expect(c.lastActivity).toBe(c.messages[4].sentDate);
    expect(paging).toEqual({ first: ids[0], last: ids[4], complete: true });
  });

  it("finds keywords, any case, as word prefixes", async () => {
    const { conversations } = await json(await api("GET", "/chat/messages?keywords=BANAN"));
    expect(conversations.flatMap((c: { messages: { body: string }[] }) => c.messages.map((m) => m.body))).toEqual(["banana split", "banana bread"]);
  });

  it("pages with limit, before and after", async () => {
    const newest = await json(await api("GET", "/chat/messages?to=carol&limit=2"));
    expect(newest.conversations[0].messages.map((m: { body: string }) => m.body)).toEqual(["banana bread", "date cake"]);
    expect(newest.paging).toEqual({ first: ids[3], last: ids[4], complete: false });
    const older = await json(await api("GET", `/chat/messages?to=carol&limit=2&before=${newest.paging.first}`));
    expect(older.conversations[0].messages.map((m: { body: string }) => m.body)).toEqual(["banana split", "cherry tart"]);
    const oldest = await json(await api("GET", `/chat/messages?to=carol&limit=2&before=${older.paging.first}`));
    expect(oldest.conversations[0].messages.map((m: { body: string }) => m.body)).toEqual(["apple pie"]);
    expect(oldest.paging.complete).toBe(true);
    const forward = await json(await api("GET", `/chat/messages?to=carol&limit=3&after=${ids[0]}`));
    expect(forward.conversations[0].messages.map((m: { body: string }) => m.body)).toEqual(["banana split", "cherry tart", "banana bread"]);
    expect(forward.paging.complete).toBe(false);
    // the conversation id stays the same on every page
    expect(older.conversations[0].conversationID).toBe(ids[0]);
  });

  it("filters by dates in MM/dd/yy and ISO 8601", async () => {
    const day = (offset: number) => {
      const d = new Date(Date.now() + offset * 86_400_000);
      const two = (n: number) => String(n).padStart(2, "0");
      return { us: `${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}/${two(d.getUTCFullYear() % 100)}`, iso: d.toISOString().slice(0, 10) };
    };
    const count = async (query: string) =>
      (await json(await api("GET", `/chat/messages?to=carol&${query}`))).conversations.flatMap((c: { messages: unknown[] }) => c.messages).length;
    expect(await count(`start=${day(0).us}&end=${day(0).us}`)).toBe(5);
    expect(await count(`start=${day(1).us}`)).toBe(0);
    expect(await count(`end=${day(-1).us}`)).toBe(0);
    expect(await count(`start=${day(0).iso}`)).toBe(5);
    expect(await count(`start=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`)).toBe(0);
    expect(await count(`end=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString().replace("Z", "+00:00"))}`)).toBe(5);
  });

  it("refuses bad parameters with 400", async () => {
    for (const [query, code] of [
      ["start=2024-13-45", "invalid_date"],
      ["start=31/01/24", "invalid_date"],
      ["start=02/30/24", "invalid_date"],
      ["start=2024-01-31T09:00:00", "invalid_date"],
      ["start=02/01/24&end=01/01/24", "invalid_date"],
      ["before=5&after=3", "invalid_parameter"],
      ["limit=0", "invalid_parameter"],
      ["limit=501", "invalid_parameter"],
      ["keywords=%21%21%21", "invalid_parameter"],
      ["to=a@b@c", "invalid_jid"],
    ]) {
      const res = await api("GET", `/chat/messages?${query}`);
      expect([query, res.status, (await json(res)).code]).toEqual([query, 400, code]);
    }
  });
});

describe("conversations", () => {
  it("lists one row per peer with the last message and unread count, and marks read for every stream", async () => {
    await receive(bob, "unread one");
    const lastId = await receive(bob, "unread two");
    const rows = (await json(await api("GET", "/chat/conversations"))).conversations;
    const withBob = rows.find((r: { jid: string }) => r.jid === "bob@localhost");
    expect(withBob.unread).toBeGreaterThanOrEqual(2);
    expect(withBob.lastMessage).toMatchObject({ id: lastId, body: "unread two", direction: "in" });
    expect(rows[0].lastMessage.id).toBe(Math.max(...rows.map((r: { lastMessage: { id: number } }) => r.lastMessage.id)));

    const stream = await aliceStream();
    expect((await api("POST", "/chat/conversations/bob/read")).status).toBe(204);
    const read = await stream.waitFor((e) => e.event === "chatapi.read");
    expect(read.data).toEqual({ jid: "bob@localhost", upTo: lastId });
    const after = (await json(await api("GET", "/chat/conversations"))).conversations.find((r: { jid: string }) => r.jid === "bob@localhost");
    expect(after.unread).toBe(0);

    await receive(bob, "unread three");
    expect((await api("POST", "/chat/conversations/bob/read", JSON.stringify({ upTo: 1 }), "application/json")).status).toBe(204);
    const still = (await json(await api("GET", "/chat/conversations"))).conversations.find((r: { jid: string }) => r.jid === "bob@localhost");
    expect(still.unread).toBe(1); // a read marker never moves back
  });

  it("refuses a bad upTo and unknown conversations", async () => {
    const bad = await api("POST", "/chat/conversations/bob/read", JSON.stringify({ upTo: "x" }), "application/json");
    expect(bad.status).toBe(422);
    expect((await json(bad)).code).toBe("invalid_body");
    const none = await api("POST", "/chat/conversations/nobody@localhost/read");
    expect(none.status).toBe(404);
    expect((await json(none)).code).toBe("conversation_not_found");
  });
});
