/**
 * GET /sparkweb/sse opens an event stream for the authenticated user, with the
 * Authorization header or with a ticket from POST /sparkweb/api/rest/sse/ticket
 * (`?ticket=`), since EventSource cannot send headers. Tokens in the URL are refused.
 * `Last-Event-ID` (header, or `?lastEventId=` for a new EventSource) resumes.
 */
import { Request, RequestHandler, Router } from "express";
import type { RequireAuth } from "../auth/middleware";
import type { Principal } from "../auth/principal";
import { problemOnAuthFailure } from "../auth/routes";
import { HttpError } from "../errors";
import { userAuth, usersOnly } from "../sparkweb/auth";
import type { StreamHub } from "./hub";
import { TicketStore, TooManyTicketsError } from "./tickets";

export interface EventRoutesOptions {
  hub: StreamHub;
  tickets: TicketStore;
  requireAuth: RequireAuth;
  /** Authenticator.stillValid: the credential behind a principal is not revoked or expired. */
  stillValid(principal: Principal): boolean;
}

/** GET /sparkweb/sse */
export function eventStreamRouter({ hub, tickets, requireAuth, stillValid }: EventRoutesOptions): Router {
  const router = Router();
  const headerAuth = requireAuth(problemOnAuthFailure);

  const authenticate: RequestHandler = (req, res, next) => {
    if (req.query.token !== undefined || req.query.access_token !== undefined) {
      return next(
        new HttpError(401, "token_in_url", "tokens are not accepted in URLs; get a single-use ticket with POST /sparkweb/api/rest/sse/ticket and connect with ?ticket=", {
          headers: { "WWW-Authenticate": 'Bearer realm="xmpp-rest"' },
        }),
      );
    }
    const ticket = req.query.ticket;
    if (ticket === undefined) return headerAuth(req, res, next);
    const principal = typeof ticket === "string" ? tickets.redeem(ticket) : null;
    // A ticket is worth what the credential it was bought with is worth now.
    if (!principal || !stillValid(principal)) return next(new HttpError(401, "ticket_invalid", "the ticket is unknown, expired or already used; tickets work once, within 60 seconds"));
    req.principal = principal;
    next();
  };

  router.get("/sparkweb/sse", authenticate, usersOnly, async (req, res) => {
    const lastEventId = lastEventIdOf(req);
    const raw = flag(req.query.xmpp, "xmpp");
    const principal = req.principal!;
    await hub.open(res, { user: principal.jid, raw, lastEventId, stillAuthorized: () => stillValid(principal) });
  });
  return router;
}

/** POST /sse/ticket, a SparkWeb tag (mounted under /sparkweb/api/rest). */
export function ticketRouter({ tickets, requireAuth }: Omit<EventRoutesOptions, "hub" | "stillValid">): Router {
  const router = Router();
  router.post("/sse/ticket", ...userAuth(requireAuth), (req, res) => {
    try {
      const { ticket, expiresAt } = tickets.issue(req.principal!);
      res.setHeader("Cache-Control", "no-store");
      res.json({ ticket, expires_at: new Date(expiresAt).toISOString() });
    } catch (err) {
      if (!(err instanceof TooManyTicketsError)) throw err;
      throw new HttpError(429, "too_many_tickets", "too many unused tickets; use or let expire the ones you have (60 s)", { headers: { "Retry-After": "60" } });
    }
  });
  return router;
}

/** The header wins over the query: a browser's automatic reconnect keeps the first URL but sends the newer header. */
function lastEventIdOf(req: Request): number | null {
  const header = req.headers["last-event-id"];
  const query = req.query.lastEventId;
  const value = typeof header === "string" && header !== "" ? header : query;
  if (value === undefined) return null;
  if (typeof value !== "string" || !/^\d{1,15}$/.test(value)) {
    throw new HttpError(400, "invalid_last_event_id", "Last-Event-ID must be an event id received from this stream (a non-negative integer)");
  }
  return Number(value);
}

function flag(value: unknown, name: string): boolean {
  if (value === undefined || value === "0" || value === "false") return false;
  if (value === "" || value === "1" || value === "true") return true;
  throw new HttpError(400, "invalid_flag", `${name} must be true or false`);
}
