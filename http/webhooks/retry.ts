/**
 * The retry policy of durable deliveries: which outcomes are worth another try, when the
 * next try is, and how a failure is recorded (status or cause, never a body).
 */
import { backoffDelay } from "../../component/backoff";
import type { CallbackOutcome } from "./callback";
import type { RetryPolicy } from "./settings";
import { statusLine } from "./status-errors";

/** Statuses that say "later" (also what proxies answer while the receiver is down). */
const TRANSIENT_STATUSES = new Set([408, 425, 429]);

/**
 * No answer, a timeout, a 5xx or a "later" status: retried. Other answers, 4xx included,
 * are the receiver's verdict on the stanza and are final, as is a request that cannot be
 * made at all.
 */
export function isTransient(outcome: CallbackOutcome): boolean {
  if (outcome.kind === "unsendable") return false;
  if (outcome.kind !== "response") return true;
  return outcome.status >= 500 || TRANSIENT_STATUSES.has(outcome.status);
}

/**
 * Exponential backoff with "equal jitter" (half fixed, half random) so that senders
 * waiting on the same receiver do not retry in lockstep; a Retry-After is honoured up to
 * the policy's maximum.
 */
export function retryDelay(attempts: number, policy: RetryPolicy, retryAfterMs = 0, random = Math.random): number {
  const backoff = backoffDelay(attempts - 1, policy.initialMs, policy.maxMs, random);
  return Math.round(Math.max(backoff, Math.min(retryAfterMs, policy.maxMs)));
}

/** A one-line description for logs and the dead letters. */
export function describeOutcome(outcome: CallbackOutcome): string {
  switch (outcome.kind) {
    case "response":
      return `HTTP ${statusLine(outcome.status)}`;
    case "timeout":
      return `no answer within ${outcome.timeoutMs} ms`;
    case "no-response":
    case "unsendable":
      return outcome.reason;
  }
}
