/**
 * The SparkWeb-compatible API under /sparkweb/api/rest: one router per tag of the
 * SparkWeb API (chat, sse tickets, and more to come), each declaring its own auth, since
 * some SparkWeb tags (login, global config) are public. Errors are problem details.
 */
import { Router } from "express";

const SPARKWEB_BASE = "/sparkweb/api/rest";

/** Mounts each tag's router (paths relative to the base, e.g. "/chat/messages"). */
export function sparkwebRouter(tags: readonly Router[]): Router {
  const router = Router();
  for (const tag of tags) router.use(SPARKWEB_BASE, tag);
  return router;
}
