/**
 * The mod_rest-compatible stanza API: POST /rest (JSON, XML, form, text), path-parameter
 * POSTs, /rest/echo and GET /rest/{query}/{to}. Checks run in mod_rest's order: auth,
 * size, parse, then the stanza checks; answers use mod_rest's status codes.
 */
import express, { NextFunction, Request, RequestHandler, Response, Router } from "express";
import type { XmppComponent } from "../../component";
import { stanzaJsonSchema } from "../../component/jsonmap";
import type { Element } from "../../component/stanza";
import type { Logger } from "../../log";
import type { FailureResponder, RequireAuth } from "../auth/middleware";
import { dispatch } from "./dispatch";
import { RestError, sendRestError } from "./errors";
import { inputType, parseBody, PathParams, queryStanza } from "./parse";
import { OutputType, outputType, sendStanzas } from "./render";
import { checkStanza } from "./validate";

export interface RestOptions {
  component: XmppComponent;
  requireAuth: RequireAuth;
  bodyLimit: number;
  log: Logger;
  /** Default and largest IQ timeouts (Prosody-Rest-Timeout asks within them). */
  iqTimeoutMs?: number;
  maxIqTimeoutMs?: number;
}

const KIND_PATH = /^(message|presence|iq)$/;

export function restRouter(options: RestOptions): Router {
  const { component, requireAuth, bodyLimit, log } = options;
  // Strict, so that /rest (redirected) and /rest/ (a path without a target) differ.
  const router = Router({ strict: true });
  const auth = requireAuth(modRestAuthFailure);
  const body = readBody(bodyLimit);

  router.get("/rest", (_req, res) => res.redirect(301, "/rest/"));
  router.options(/^\/rest(\/.*)?$/, (_req, res) => {
    res.setHeader("Allow", "POST, GET, HEAD, OPTIONS");
    res.status(200).end();
  });

  router.post("/rest", auth, body, handle(options, () => ({})));
  router.post("/rest/echo", auth, body, handle(options, () => ({}), { echo: true }));
  router.post("/rest/:kind/:to", auth, body, handle(options, (req) => kindPath(String(req.params.kind), undefined, String(req.params.to))));
  router.post("/rest/:kind/:type/:to", auth, body, handle(options, (req) => kindPath(String(req.params.kind), String(req.params.type), String(req.params.to))));

  router.get("/rest/:query/:to", auth, async (req, res, next) => {
    try {
      const params = Object.fromEntries(Object.entries(req.query).filter((e): e is [string, string] => typeof e[1] === "string"));
      const stanza = queryStanza(String(req.params.query), String(req.params.to), params);
      await respond(options, req, res, stanza, "application/xmpp+xml");
    } catch (err) {
      next(err);
    }
  });
  // The JSON Schema of the JSON stanza format, generated from the mapping table.
  const schema = JSON.stringify(stanzaJsonSchema());
  router.get("/rest/schema", (_req, res) => void res.type("application/schema+json").send(schema));
  router.get(/^\/rest\/[^/]*$/, auth, () => {
    throw new RestError("path", { error: "invalid-path" });
  });

  router.use("/rest", restErrorHandler(log));
  return router;
}

/** A POST handler: parse the body with the path's parameters, then check and send. */
function handle(options: RestOptions, pathOf: (req: Request) => PathParams, mode: { echo?: boolean } = {}): RequestHandler {
  return async (req, res, next) => {
    try {
      const type = inputType(req.headers["content-type"]);
      const stanza = parseBody(type, (req.body as Buffer).toString("utf8"), pathOf(req));
      const fallback: OutputType = type === "application/json" || type === "application/x-www-form-urlencoded" ? type : "application/xmpp+xml";
      await respond(options, req, res, stanza, fallback, mode.echo);
    } catch (err) {
      next(err);
    }
  };
}

async function respond(options: RestOptions, req: Request, res: Response, stanza: Element, fallback: OutputType, echo = false): Promise<void> {
  const outgoing = checkStanza(stanza, req.principal!);
  const type = outputType(req, fallback);
  if (echo) return sendStanzas(res, type, [outgoing.stanza]);
  const outcome = await dispatch(options.component, req.principal!, outgoing, iqTimeout(req, options));
  if (outcome.status === 202) return void res.status(202).end();
  sendStanzas(res, type, outcome.stanzas);
}

function kindPath(kind: string, type: string | undefined, to: string): PathParams {
  if (!KIND_PATH.test(kind)) throw new RestError("parse", { error: "invalid-path", detail: `unknown kind ${JSON.stringify(kind)}` });
  return { kind, type, to };
}

/** Prosody-Rest-Timeout (seconds), within the configured maximum. */
function iqTimeout(req: Request, { iqTimeoutMs = 120_000, maxIqTimeoutMs = 300_000 }: RestOptions): number {
  const asked = Number(req.headers["prosody-rest-timeout"]);
  return Number.isFinite(asked) && asked > 0 ? Math.min(asked * 1000, maxIqTimeoutMs) : iqTimeoutMs;
}

/** mod_rest answers missing credentials with 401 and a challenge, refused ones with 403. */
const modRestAuthFailure: FailureResponder = (req, res, failure) => {
  if (failure === "missing") {
    const realm = `${req.hostname}/rest`;
    res.setHeader("WWW-Authenticate", `Bearer realm="${realm}", Basic realm="${realm}"`);
  }
  sendRestError(req, res, new RestError(failure === "missing" ? "noauthz" : "unauthz"));
};

/** Reads the raw body (any type) after auth, so size is checked after credentials as in mod_rest. */
function readBody(limit: number): RequestHandler {
  const raw = express.raw({ type: () => true, limit });
  return (req, res, next) =>
    raw(req, res, (err?: unknown) => {
      const e = err as { type?: string; length?: number } | undefined;
      if (e?.type === "entity.too.large") return next(new RestError("size", { size: e.length, limit }));
      if (err) return next(err);
      if (!Buffer.isBuffer(req.body)) req.body = Buffer.alloc(0);
      next();
    });
}

function restErrorHandler(log: Logger) {
  return (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (err instanceof RestError) return sendRestError(req, res, err);
    if ((err as { status?: number })?.status === 429 || (err as { status?: number })?.status === 503) return next(err);
    log.error("unexpected error", { error: (err as Error)?.stack ?? String(err) });
    sendRestError(req, res, new RestError("internal"));
  };
}
