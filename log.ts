/**
 * A small leveled logger writing one line per event to stderr. Callers never pass
 * secrets (passwords, tokens, keys) or message bodies to it.
 */
export type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(scope: string): Logger;
}

let threshold: number = ORDER.info;
let sink: (line: string) => void = (line) => process.stderr.write(line + "\n");

export function configureLogging(level: Level, write?: (line: string) => void): void {
  threshold = ORDER[level];
  if (write) sink = write;
}

export function createLogger(scope: string): Logger {
  const emit = (level: Level) => (msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < threshold) return;
    const extra = fields ? " " + JSON.stringify(fields) : "";
    sink(`${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${scope}: ${msg}${extra}`);
  };
  return {
    debug: emit("debug"),
    info: emit("info"),
    warn: emit("warn"),
    error: emit("error"),
    child: (sub) => createLogger(`${scope}.${sub}`),
  };
}
