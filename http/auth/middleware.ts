/**
 * Express middleware that authenticates with passport's Basic and Bearer strategies.
 * The strategy is picked by the Authorization header's scheme, so credentials come from
 * that header only: passport-http-bearer, tried after a failed Basic, would also take an
 * `access_token` from the query string, and tokens in URLs end up in logs.
 */
import type { NextFunction, Request, RequestHandler, Response } from "express";
import passport from "passport";
import { Strategy as BearerStrategy } from "passport-http-bearer";
import type { Authenticator } from "./authenticator";
import { BasicStrategy } from "./basic-strategy";
import type { Principal } from "./principal";

export const REALM = "xmpp-rest";
export const CHALLENGE = `Bearer realm="${REALM}", Basic realm="${REALM}"`;

/** Why authentication failed: no credentials at all, or credentials that are not accepted. */
export type AuthFailure = "missing" | "invalid";
export type FailureResponder = (req: Request, res: Response, failure: AuthFailure) => void;

export function createAuthMiddleware(authenticator: Authenticator) {
  const instance = new passport.Passport();
  instance.use(
    "basic",
    new BasicStrategy(REALM, (req, username, password, done) => {
      authenticator.basic(username, password, req.ip ?? "unknown").then((p) => done(null, p), done);
    }),
  );
  instance.use(
    "bearer",
    new BearerStrategy((token: string, done: (err: unknown, principal?: Principal | false) => void) => {
      try {
        done(null, authenticator.bearer(token));
      } catch (err) {
        done(err);
      }
    }),
  );

  /** Requires valid credentials; `respond` shapes the failure (problem details or mod_rest). */
  return function requireAuth(respond: FailureResponder): RequestHandler {
    return (req: Request, res: Response, next: NextFunction) => {
      const scheme = /^(\S+)\s/.exec(req.headers.authorization ?? "")?.[1].toLowerCase();
      if (!req.headers.authorization) return respond(req, res, "missing");
      if (scheme !== "basic" && scheme !== "bearer") return respond(req, res, "invalid");
      instance.authenticate(scheme, { session: false }, (err: unknown, principal: Principal | false) => {
        if (err) return next(err);
        if (!principal) return respond(req, res, "invalid");
        req.principal = principal;
        next();
      })(req, res, next);
    };
  };
}

export type RequireAuth = ReturnType<typeof createAuthMiddleware>;
