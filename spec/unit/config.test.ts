import { readFileSync } from "node:fs";
import { ConfigError, loadConfigText } from "../../config";

const MINIMAL = `
[component]
jid = "rest.example.com"
secret = "s3cret-s3cret"
[server]
domain = "example.com"
`;

function problems(text: string, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    loadConfigText(text, env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe("configuration", () => {
  it("reads the example file and fills defaults", () => {
    const config = loadConfigText(readFileSync("config.example.toml", "utf8"));
    expect(config.component).toEqual({ jid: "rest.example.com", secret: "change-me-to-the-component-secret", host: "127.0.0.1", port: 5347, max_privileged_iqs: 256 });
    expect(config.auth.token_ttl).toBe(3_600_000);
    expect(config.http.body_limit).toBe(196608);
    expect(config.webhook).toEqual([]);
  });

  it("has no default for the secret: a missing one names the key", () => {
    const text = MINIMAL.replace(/secret = .*\n/, "");
    expect(problems(text)).toEqual([expect.stringMatching(/^component\.secret: missing; expected the component secret/)]);
  });

  it("names every bad key and what it expects", () => {
    const text = MINIMAL + `[http]\nport = "eighty"\nprot = 1\n[auth]\ntoken_ttl = "soon"\nadmins = ["not a jid"]\n`;
    const found = problems(text);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^http\.port: expected an integer from 0 to 65535, got "eighty"/),
        expect.stringMatching(/^http\.prot: unknown key \(known: host, port/),
        expect.stringMatching(/^auth\.token_ttl: expected a duration such as "30s"/),
        expect.stringMatching(/^auth\.admins: expected a list of bare JIDs/),
      ]),
    );
    expect(found).toHaveLength(4);
  });

  it("reports TOML syntax errors with their position", () => {
    expect(problems("[component\njid = 1")[0]).toMatch(/not valid TOML \(line 1, column \d+\)/);
  });

  it("lets environment variables override any key, including webhooks", () => {
    const config = loadConfigText(MINIMAL, {
      XMPP_REST_COMPONENT_SECRET: "from-the-environment",
      XMPP_REST_HTTP_PORT: "8080",
      XMPP_REST_AUTH_ADMINS: "a@example.com, b@example.com",
      XMPP_REST_WEBHOOK_0_URL: "http://127.0.0.1:9000/{kind}",
    });
    expect(config.component.secret).toBe("from-the-environment");
    expect(config.http.port).toBe(8080);
    expect(config.http.public_url).toBe("http://127.0.0.1:8080");
    expect(config.auth.admins).toEqual(["a@example.com", "b@example.com"]);
    expect(config.webhook).toEqual([{ url: "http://127.0.0.1:9000/{kind}" }]);
  });

  it("refuses an environment value of the wrong type, naming the key", () => {
    expect(problems(MINIMAL, { XMPP_REST_COMPONENT_PORT: "-1" })).toEqual([
      expect.stringMatching(/^component\.port: expected an integer from 1 to 65535, got "-1"/),
    ]);
  });
});
