import { Authenticator } from "../../http/auth/authenticator";
import { PasswordCache } from "../../http/auth/password-cache";
import { LoginThrottle } from "../../http/auth/throttle";
import { TokenService } from "../../http/auth/tokens";
import { ApiKeysRepo } from "../../storage/api-keys";
import { openDatabase } from "../../storage/db";
import { RevokedTokensRepo } from "../../storage/revoked-tokens";

function authenticator() {
  const db = openDatabase(":memory:");
  const tokens = new TokenService("a-test-secret-of-enough-length-0123456789", "rest.localhost", 3_600_000, new RevokedTokensRepo(db));
  const apiKeys = new ApiKeysRepo(db);
  const auth = new Authenticator({
    serverDomain: "localhost",
    componentDomain: "rest.localhost",
    admins: [],
    checkPassword: async () => "invalid",
    cache: new PasswordCache(0),
    throttle: new LoginThrottle(),
    maxFailures: 5,
    tokens,
    apiKeys,
  });
  return { auth, tokens, apiKeys };
}

describe("Authenticator.stillValid (asked by open event streams)", () => {
  it("holds for a token until it expires or is revoked", () => {
    const { auth, tokens } = authenticator();
    const principal = auth.bearer(tokens.issue("alice@localhost").token);
    if (!principal) throw new Error("the token did not authenticate");
    expect(auth.stillValid(principal)).toBe(true);
    expect(auth.stillValid({ ...principal, tokenExpiresAt: Date.now() - 1 })).toBe(false);
    tokens.revoke(principal.tokenId!, principal.tokenExpiresAt! / 1000);
    expect(auth.stillValid(principal)).toBe(false);
  });

  it("holds for an API key until it is revoked", () => {
    const { auth, apiKeys } = authenticator();
    const { id, key } = apiKeys.create("alice@localhost");
    const principal = auth.bearer(key);
    if (!principal) throw new Error("the key did not authenticate");
    expect(auth.stillValid(principal)).toBe(true);
    apiKeys.revoke(id);
    expect(auth.stillValid(principal)).toBe(false);
  });
});
