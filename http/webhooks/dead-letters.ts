/**
 * Listing and replaying dead letters, the same for the CLI (another process, which leaves
 * the wake-up to the running gateway) and the admin routes.
 */
import type { DeadLetterRow, DeadLettersRepo } from "../../storage/webhook-dead-letters";

export interface ReplayReport {
  replayed: DeadLetterRow[];
  refused: { id: number; reason: "not_found" | "webhook_not_configured"; webhook?: string }[];
}

/** Moves dead letters back to their webhook's queue; those of unknown webhooks stay. */
export function replayDeadLetters(repo: DeadLettersRepo, configured: ReadonlySet<string>, which: number | "all"): ReplayReport {
  const report: ReplayReport = { replayed: [], refused: [] };
  const one = which === "all" ? undefined : repo.get(which);
  if (which !== "all" && !one) report.refused.push({ id: which, reason: "not_found" });
  for (const row of which === "all" ? repo.list() : one ? [one] : []) {
    if (!configured.has(row.webhook)) {
      report.refused.push({ id: row.id, reason: "webhook_not_configured", webhook: row.webhook });
      continue;
    }
    repo.replay(row.id);
    report.replayed.push(row);
  }
  return report;
}

/** A dead letter as the admin routes show it (never the stanza itself). */
export function deadLetterJson(row: DeadLetterRow) {
  return {
    id: row.id,
    webhook: row.webhook,
    webhook_id: row.delivery_id,
    sender: row.sender,
    kind: row.kind,
    attempts: row.attempts,
    last_error: row.last_error,
    received_at: new Date(row.created_at).toISOString(),
    dead_at: new Date(row.dead_at).toISOString(),
  };
}
