/**
 * Numbered schema migrations: entry N brings the schema from version N-1 to N.
 * Append only; never edit a migration that has shipped.
 */
import { m001_foundation } from "./001_foundation";

export const MIGRATIONS: readonly string[] = [m001_foundation];
