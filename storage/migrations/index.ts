/**
 * Numbered schema migrations: entry N brings the schema from version N-1 to N.
 * Append only; never edit a migration that has shipped.
 */
import { m001_foundation } from "./001_foundation";
import { m002_webhooks } from "./002_webhooks";
import { m003_messages } from "./003_messages";

export const MIGRATIONS: readonly string[] = [m001_foundation, m002_webhooks, m003_messages];
