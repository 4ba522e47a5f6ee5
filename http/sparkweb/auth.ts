/**
 * Auth for the SparkWeb routes: valid credentials of one of the server's users. Bots
 * (JIDs on the component's domain) have no roster, archive or stream, so they get 403.
 */
import type { RequestHandler } from "express";
import type { RequireAuth } from "../auth/middleware";
import { problemOnAuthFailure } from "../auth/routes";
import { HttpError } from "../errors";

/** Only for requests whose principal is already set (by requireAuth or a stream ticket). */
export const usersOnly: RequestHandler = (req, _res, next) => {
  if (req.principal?.kind !== "user") {
    return next(new HttpError(403, "users_only", "this route acts for a user of the server; bot identities cannot use it"));
  }
  next();
};

/** Credentials from the Authorization header, and a user (not a bot). */
export function userAuth(requireAuth: RequireAuth): RequestHandler[] {
  return [requireAuth(problemOnAuthFailure), usersOnly];
}
