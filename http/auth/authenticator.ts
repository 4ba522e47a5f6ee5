/**
 * Decides who a request comes from. Basic: the password is checked by a real login to
 * the server (cached briefly, failures throttled). Bearer: a token from POST /auth/token
 * or an API key. The result is a Principal; nothing else about the caller is trusted.
 */
import { parseJid } from "../../component/jsonmap";
import { PasswordCheckUnavailableError, PasswordVerdict } from "../../component/password-check";
import type { ApiKeysRepo } from "../../storage/api-keys";
import { looksLikeApiKey } from "../../storage/api-keys";
import { HttpError } from "../errors";
import type { PasswordCache } from "./password-cache";
import { credentialKind, type Principal } from "./principal";
import type { LoginThrottle } from "./throttle";
import type { TokenService } from "./tokens";

export interface AuthenticatorDeps {
  serverDomain: string;
  componentDomain: string;
  admins: readonly string[];
  checkPassword(localpart: string, password: string): Promise<PasswordVerdict>;
  cache: PasswordCache;
  throttle: LoginThrottle;
  /** Failed logins per JID before further attempts wait. */
  maxFailures: number;
  tokens: TokenService;
  apiKeys: ApiKeysRepo;
}

/** Many users may share one client address (NAT, proxies): it may fail this many times more. */
const ADDRESS_LIMIT_FACTOR = 10;

// Characters RFC 7622 forbids in a localpart, plus whitespace and controls.
const LOCALPART_RE = /^[^\s"&'/:<>@\u0000-\u001f\u007f]{1,1023}$/u;

export class Authenticator {
  constructor(private readonly deps: AuthenticatorDeps) {}

  /** The bare JID a Basic username names: a JID of the server's domain, or a local part. */
  userJid(username: string): string | null {
    const at = username.lastIndexOf("@");
    const local = (at === -1 ? username : username.slice(0, at)).normalize("NFKC").toLowerCase();
    const domain = at === -1 ? this.deps.serverDomain : username.slice(at + 1).toLowerCase();
    if (domain !== this.deps.serverDomain || !LOCALPART_RE.test(local)) return null;
    return `${local}@${domain}`;
  }

  /** A Principal for a right password, false for a wrong one; throws HttpError 429/503. */
  async basic(username: string, password: string, clientAddress: string): Promise<Principal | false> {
    const jid = this.userJid(username);
    if (!jid || password === "") return false;
    const { cache } = this.deps;
    if (!cache.isKnownValid(jid, password)) {
      // Requests with the same credentials while the server is asked (a client's burst as
      // its cached login expires) share that one check, throttle included: one guess.
      const ok = await cache.verify(jid, password, () => this.checkGuess(jid, password, clientAddress));
      if (!ok) return false;
    }
    return this.principal(jid, "basic");
  }

  /** Asks the server, counting the attempt for the throttle first; throws HttpError 429/503. */
  private async checkGuess(jid: string, password: string, clientAddress: string): Promise<boolean> {
    const { throttle } = this.deps;
    const limit = this.deps.maxFailures;
    const keys = [
      { key: `jid:${jid}`, limit },
      { key: `ip:${clientAddress}`, limit: limit * ADDRESS_LIMIT_FACTOR },
    ];
    const wait = throttle.retryAfter(keys);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      throw new HttpError(429, "too_many_attempts", `too many failed logins; try again in ${seconds} s`, {
        headers: { "Retry-After": String(seconds) },
      });
    }
    // Counted before asking, so that guesses made in parallel are throttled as well.
    throttle.fail(keys);
    let ok: boolean;
    try {
      ok = await this.askServer(jid, password);
    } catch (err) {
      keys.forEach((key) => throttle.forgive(key)); // the server could not say; not a failure
      throw err;
    }
    if (ok) {
      throttle.succeed(`jid:${jid}`);
      throttle.forgive(keys[1]);
    }
    return ok;
  }

  /** A Principal for a valid token or API key, false otherwise. */
  bearer(token: string): Principal | false {
    if (looksLikeApiKey(token)) {
      const key = this.deps.apiKeys.verify(token);
      const principal = key ? this.principal(key.jid, "apikey") : false;
      if (principal) principal.keyId = key!.id;
      return principal;
    }
    const claims = this.deps.tokens.verify(token);
    const principal = claims && this.principal(claims.sub, "token");
    if (!principal) return false;
    principal.tokenId = claims.jti;
    principal.tokenExpiresAt = claims.exp * 1000;
    return principal;
  }

  /**
   * Whether what authenticated `principal` still holds: a token neither revoked nor
   * expired, a key not revoked (also by the CLI, another process: the database says).
   * Long-lived connections (event streams) ask again as they go. A password cannot be
   * re-checked without the password; it stays valid for the connection.
   */
  stillValid(principal: Principal): boolean {
    if (principal.tokenId !== undefined) return !this.deps.tokens.isRevoked(principal.tokenId) && (principal.tokenExpiresAt ?? 0) > Date.now();
    if (principal.keyId !== undefined) return this.deps.apiKeys.isActive(principal.keyId);
    return true;
  }

  /** A principal for a JID of a credential; false for one no credential may carry. */
  private principal(jid: string, method: Principal["method"]): Principal | false {
    const kind = credentialKind(parseJid(jid), { server: this.deps.serverDomain, component: this.deps.componentDomain });
    if (!kind) return false;
    return { jid, kind, method, admin: kind === "user" && this.deps.admins.includes(jid) };
  }

  private async askServer(jid: string, password: string): Promise<boolean> {
    try {
      return (await this.deps.checkPassword(jid.slice(0, jid.indexOf("@")), password)) === "valid";
    } catch (err) {
      if (err instanceof PasswordCheckUnavailableError) {
        throw new HttpError(503, "xmpp_unavailable", "the XMPP server cannot check passwords right now", {
          headers: { "Retry-After": "5" },
        });
      }
      throw err;
    }
  }
}
