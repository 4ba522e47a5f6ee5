/**
 * /health: the process is alive. /ready: the component is online and its privileges are
 * known; the body also says how the inbound message feed is doing (a spool that cannot be
 * read means users' incoming messages wait on the server).
 */
import { Router } from "express";
import type { XmppComponent } from "../component";
import type { InboundFeed } from "../component/inbound";

export function healthRouter(component: XmppComponent, inbound: InboundFeed): Router {
  const router = Router();
  router.get("/health", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/ready", (_req, res) => {
    const ready = component.ready;
    res.status(ready ? 200 : 503).json({
      ready,
      component: { jid: component.jid, online: component.online },
      server: { domain: component.serverDomain },
      privileges: component.privilegesKnown ? component.privileges ?? "none" : null,
      inbound: { mode: inbound.mode, ...(inbound.spool ? { spool: { jid: inbound.spool.jid, online: inbound.spool.online } } : {}) },
    });
  });
  return router;
}
