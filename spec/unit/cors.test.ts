import express from "express";
import type { AddressInfo } from "node:net";
import { cors } from "../../http/cors";

describe("CORS", () => {
  let url = "";
  let close: () => void;

  beforeAll(async () => {
    const app = express();
    app.use(cors(["https://chat.example"]));
    app.options("/rest", (_req, res) => void res.status(200).end());
    app.post("/rest", (_req, res) => void res.status(401).json({ code: "credentials_missing" }));
    const server = app.listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => close());

  it("answers a preflight from a configured origin with the allowed methods and headers", async () => {
    const r = await fetch(url + "/rest", { method: "OPTIONS", headers: { Origin: "https://chat.example", "Access-Control-Request-Method": "POST" } });
    expect(r.status).toBe(200);
    expect(r.headers.get("access-control-allow-origin")).toBe("https://chat.example");
    expect(r.headers.get("access-control-allow-methods")).toContain("POST");
    expect(r.headers.get("access-control-allow-headers")).toContain("Authorization");
    expect(r.headers.get("access-control-max-age")).toBe("7200");
    expect(r.headers.get("vary")).toContain("Origin");
  });

  it("gives other origins no CORS headers, and never changes a status code", async () => {
    const r = await fetch(url + "/rest", { method: "POST", headers: { Origin: "https://evil.example" } });
    expect(r.status).toBe(401);
    expect(r.headers.get("access-control-allow-origin")).toBeNull();
    const allowed = await fetch(url + "/rest", { method: "POST", headers: { Origin: "https://chat.example" } });
    expect(allowed.status).toBe(401);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://chat.example");
    expect(allowed.headers.get("access-control-expose-headers")).toContain("WWW-Authenticate");
  });
});
