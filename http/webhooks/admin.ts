/**
 * Admin routes for webhook dead letters: list them, replay one or all. Admins only
 * ([auth] admins); answers and errors are problem details like the other own routes.
 */
import { RequestHandler, Router } from "express";
import { HttpError } from "../errors";
import type { RequireAuth } from "../auth/middleware";
import { problemOnAuthFailure } from "../auth/routes";
import { deadLetterJson, ReplayReport } from "./dead-letters";
import type { WebhookDispatcher } from "./dispatcher";

const requireAdmin: RequestHandler = (req, _res, next) => {
  if (req.principal?.admin) return next();
  next(new HttpError(403, "admin_required", "only the admins listed in [auth] admins may manage webhook deliveries"));
};

export function webhookAdminRouter(requireAuth: RequireAuth, dispatcher: WebhookDispatcher): Router {
  const router = Router();
  const admin = [requireAuth(problemOnAuthFailure), requireAdmin];

  router.get("/admin/webhooks/dead-letters", ...admin, (_req, res) => {
    res.json({ dead_letters: dispatcher.deadLetters.list().map(deadLetterJson) });
  });

  router.post("/admin/webhooks/dead-letters/replay", ...admin, (_req, res) => {
    res.status(202).json(reportJson(dispatcher.replay("all")));
  });

  router.post("/admin/webhooks/dead-letters/:id/replay", ...admin, (req, res) => {
    if (!/^[1-9]\d{0,15}$/.test(String(req.params.id))) throw new HttpError(400, "invalid_id", "a dead letter id is a positive integer");
    const id = Number(req.params.id);
    const report = dispatcher.replay(id);
    const refused = report.refused[0];
    if (refused?.reason === "not_found") throw new HttpError(404, "dead_letter_not_found", `there is no dead letter ${id}`);
    if (refused) {
      throw new HttpError(409, "webhook_not_configured", `dead letter ${id} belongs to webhook "${refused.webhook}", which is not configured`);
    }
    res.status(202).json(reportJson(report));
  });

  return router;
}

function reportJson(report: ReplayReport) {
  return {
    replayed: report.replayed.map((row) => row.id),
    not_replayed: report.refused.map(({ id, reason, webhook }) => ({ id, reason, webhook })),
  };
}
