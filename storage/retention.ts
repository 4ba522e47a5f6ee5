/** Retention of the message archive: deletes what is older than the configured age, at start and hourly. */
import type { Logger } from "../log";
import type { ArchiveRepo } from "./archive";

const EVERY_MS = 3_600_000;

/** `retentionMs` 0 keeps messages forever. */
export function scheduleRetention(archive: Pick<ArchiveRepo, "purgeBefore">, retentionMs: number, log: Logger): { stop(): void } {
  if (retentionMs <= 0) return { stop() {} };
  const purge = () => {
    try {
      const deleted = archive.purgeBefore(Date.now() - retentionMs);
      if (deleted) log.info("deleted archived messages past the retention period", { deleted });
    } catch (err) {
      log.error("could not apply the archive retention", { error: (err as Error).message });
    }
  };
  purge();
  const timer = setInterval(purge, EVERY_MS).unref();
  return { stop: () => clearInterval(timer) };
}
