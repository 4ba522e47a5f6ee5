/** Webhooks of the stanza API: settings, the dispatcher (durable delivery), admin routes, dead letters. */
export { webhookAdminRouter } from "./admin";
export { deadLetterJson, replayDeadLetters } from "./dead-letters";
export { WebhookDispatcher } from "./dispatcher";
export { webhookSettings } from "./settings";
