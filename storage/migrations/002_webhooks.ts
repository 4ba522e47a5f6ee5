/** Webhook delivery state beyond the outbox of migration 001 (filled in by the webhooks work). */
export const m002_webhooks = ``;
