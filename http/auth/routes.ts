/**
 * /auth: tokens for Basic-authenticated users, their revocation, and self-service API keys.
 */
import express, { Router } from "express";
import type { ApiKeysRepo } from "../../storage/api-keys";
import { HttpError, sendProblem } from "../errors";
import { CHALLENGE, FailureResponder, RequireAuth } from "./middleware";
import type { TokenService } from "./tokens";

/** Auth failures on our own routes: 401 with a challenge and a problem body. */
export const problemOnAuthFailure: FailureResponder = (_req, res, failure) => {
  res.setHeader("WWW-Authenticate", CHALLENGE);
  sendProblem(
    res,
    failure === "missing"
      ? new HttpError(401, "credentials_missing", "this route needs an Authorization header (Basic or Bearer)")
      : new HttpError(401, "credentials_invalid", "the credentials were not accepted"),
  );
};

export function authRouter(requireAuth: RequireAuth, tokens: TokenService, apiKeys: ApiKeysRepo): Router {
  const router = Router();
  const auth = requireAuth(problemOnAuthFailure);

  router.post("/auth/token", auth, (req, res) => {
    const principal = req.principal!;
    // Only a password mints tokens, so a stolen token cannot be extended forever.
    if (principal.method !== "basic") throw new HttpError(403, "basic_auth_required", "tokens are issued for Basic credentials only");
    res.status(201).json(tokens.issue(principal.jid));
  });

  router.delete("/auth/token", auth, (req, res) => {
    const { tokenId, tokenExpiresAt } = req.principal!;
    if (!tokenId || !tokenExpiresAt) throw new HttpError(400, "not_a_token", "authenticate with the bearer token to revoke");
    tokens.revoke(tokenId, Math.ceil(tokenExpiresAt / 1000));
    res.status(204).end();
  });

  router.get("/auth/keys", auth, (req, res) => {
    res.json({ keys: apiKeys.list(req.principal!.jid).map(publicKeyRow) });
  });

  router.post("/auth/keys", auth, express.json({ limit: 4096 }), (req, res) => {
    // A key never expires, so like a token it is minted for a password only.
    if (req.principal!.method !== "basic") throw new HttpError(403, "basic_auth_required", "API keys are created with Basic credentials only");
    const label = req.body?.label;
    if (label !== undefined && (typeof label !== "string" || label.length > 200)) {
      throw new HttpError(422, "invalid_label", "label must be a string of at most 200 characters");
    }
    const { id, key } = apiKeys.create(req.principal!.jid, label);
    res.status(201).json({ id, key, jid: req.principal!.jid });
  });

  router.delete("/auth/keys/:id", auth, (req, res) => {
    if (!apiKeys.revoke(String(req.params.id), req.principal!.jid)) {
      throw new HttpError(404, "key_not_found", "no live API key of yours has this id");
    }
    res.status(204).end();
  });

  return router;
}

function publicKeyRow(row: ReturnType<ApiKeysRepo["list"]>[number]) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return { id: row.id, jid: row.jid, label: row.label, created_at: iso(row.created_at), last_used_at: iso(row.last_used_at), revoked_at: iso(row.revoked_at) };
}
