/** Webhooks of the stanza API: settings, the dispatcher (durable delivery), admin routes, dead letters. */
export { webhookAdminRouter } from "./admin";
export { deadLetterJson, replayDeadLetters, type ReplayReport } from "./dead-letters";
export { WebhookDispatcher, type DispatcherOptions } from "./dispatcher";
export { webhookSettings, type WebhookSettings } from "./settings";
