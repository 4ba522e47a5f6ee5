/**
 * Decides who a request comes from. Basic: the password is checked by a real login to
 * the server (cached briefly, failures throttled). Bearer: a token from POST /auth/token
 * or an API key. The result is a Principal; nothing else about the caller is trusted.
 */
import { PasswordCheckUnavailableError, PasswordVerdict } from "../../component/password-check";
import type { ApiKeysRepo } from "../../storage/api-keys";
import { looksLikeApiKey } from "../../storage/api-keys";
import { HttpError } from "../errors";
import type { PasswordCache } from "./password-cache";
import type { Principal } from "./principal";
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
    const { cache, throttle } = this.deps;
    if (!cache.isKnownValid(jid, password)) {
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
      const ok = await cache.verify(jid, password, () => this.askServer(jid, password));
      if (!ok) {
        throttle.fail(keys);
        return false;
      }
      throttle.succeed(`jid:${jid}`);
    }
    return this.principal(jid, "basic");
  }

  /** A Principal for a valid token or API key, false otherwise. */
  bearer(token: string): Principal | false {
    if (looksLikeApiKey(token)) {
      const key = this.deps.apiKeys.verify(token);
      return key ? this.principal(key.jid, "apikey") : false;
    }
    const claims = this.deps.tokens.verify(token);
    if (!claims) return false;
    const slash = claims.sub.indexOf("/");
    const bare = slash === -1 ? claims.sub : claims.sub.slice(0, slash);
    const principal = this.principal(bare, "token");
    if (slash !== -1) principal.resource = claims.sub.slice(slash + 1);
    principal.tokenId = claims.jti;
    principal.tokenExpiresAt = claims.exp * 1000;
    return principal;
  }

  private principal(jid: string, method: Principal["method"]): Principal {
    const kind = jid.slice(jid.indexOf("@") + 1) === this.deps.componentDomain ? "bot" : "user";
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
