/** The xmpp-rest executable as an admin runs it (through tsx, from the sources). */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [require.resolve("tsx/cli"), "main.ts", ...args], { encoding: "utf8", env: { ...process.env, XMPP_REST_CONFIG: "" } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("xmpp-rest check-config", () => {
  const dir = mkdtempSync(join(tmpdir(), "xmpp-rest-cli-"));

  it("accepts the example configuration", () => {
    const r = run("check-config", "config.example.toml");
    expect(r.code).toBe(0);
    expect(r.out).toContain("config.example.toml: ok");
    expect(r.out).not.toContain("change-me"); // never prints the secret
  });

  it("names the bad key and what is expected, and exits 1", () => {
    const bad = join(dir, "bad.toml");
    writeFileSync(bad, readFileSync("config.example.toml", "utf8").replace("port = 5281", 'port = "http"').replace(/^secret = .*$/m, ""));
    const r = run("check-config", bad);
    expect(r.code).toBe(1);
    expect(r.err).toContain('http.port: expected an integer from 0 to 65535, got "http"');
    expect(r.err).toContain("component.secret: missing");
  });

  it("refuses to start with a bad configuration, naming the key", () => {
    const bad = join(dir, "bad2.toml");
    writeFileSync(bad, readFileSync("config.example.toml", "utf8").replace('domain = "example.com"', 'domain = "not a domain"'));
    const r = run("--config", bad);
    expect(r.code).toBe(1);
    expect(r.err).toContain("server.domain: expected a domain name");
  });

  it("prints the Prosody configuration to paste", () => {
    const r = run("init", "--config", "config.example.toml");
    expect(r.code).toBe(0);
    expect(r.out).toContain('["rest.example.com"] = {');
    expect(r.out).toContain('Component "rest.example.com"');
    expect(r.out).toContain('modules_enabled = { "privilege" }');
  });
});
