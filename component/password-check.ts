/**
 * Checks a user's password the only way a component can: a real SASL login to the
 * server's client port (STARTTLS when offered, SCRAM before PLAIN). The session is
 * closed right after the SASL outcome; no resource is bound and no presence is sent.
 */
import { client } from "@xmpp/client";

export interface PasswordCheckOptions {
  host: string;
  port: number;
  domain: string;
  timeoutMs: number;
}

export type PasswordVerdict = "valid" | "invalid";

/** Thrown when the server could not be asked (down, timeout, TLS trouble): not a wrong password. */
export class PasswordCheckUnavailableError extends Error {}

export function checkPassword(options: PasswordCheckOptions, localpart: string, password: string): Promise<PasswordVerdict> {
  return new Promise<PasswordVerdict>((resolve, reject) => {
    let settled = false;
    const xmpp = client({
      service: `xmpp://${options.host}:${options.port}`,
      domain: options.domain,
      credentials: async (authenticate: (creds: { username: string; password: string }) => Promise<void>) => {
        try {
          await authenticate({ username: localpart, password });
        } catch (err) {
          finish(isSaslRefusal(err) ? "invalid" : undefined, err as Error);
          throw err;
        }
        finish("valid");
        throw new Error("password checked"); // stops xmpp.js before resource binding
      },
    });
    xmpp.reconnect.stop();
    xmpp.on("error", (err: Error) => finish(undefined, err));
    const timer = setTimeout(() => finish(undefined, new Error(`no answer within ${options.timeoutMs} ms`)), options.timeoutMs);

    function finish(verdict?: PasswordVerdict, err?: Error): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (verdict) resolve(verdict);
      else reject(new PasswordCheckUnavailableError(`cannot check the password with the server: ${err?.message ?? "unknown error"}`));
      // Close without waiting for the server's stream end.
      setImmediate(() => xmpp.socket?.destroy());
    }

    xmpp.start().catch((err: Error) => finish(undefined, err));
  });
}

function isSaslRefusal(err: unknown): boolean {
  const e = err as { name?: string; condition?: string };
  return e?.name === "SASLError" && ["not-authorized", "account-disabled", "credentials-expired", "invalid-authzid"].includes(e.condition ?? "");
}
