/**
 * CORS for the configured origins only: an allowed Origin is echoed back, any other gets
 * no CORS headers at all (and so is blocked by the browser). Status codes are never changed.
 */
import type { RequestHandler } from "express";

export function cors(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  const any = allowed.has("*");
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin && (any || allowed.has(origin))) {
      res.setHeader("Access-Control-Allow-Origin", any ? "*" : origin);
      res.vary("Origin");
      res.setHeader("Access-Control-Expose-Headers", "WWW-Authenticate, Retry-After, Location");
      if (req.method === "OPTIONS") {
        res.setHeader("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, DELETE, OPTIONS");
        res.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type, Accept, Last-Event-ID, Prosody-Rest-Timeout");
        res.setHeader("Access-Control-Max-Age", "7200");
      }
    }
    next();
  };
}
