/** /health: the process is alive. /ready: the component is online and its privileges are known. */
import { Router } from "express";
import type { XmppComponent } from "../component";

export function healthRouter(component: XmppComponent): Router {
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
    });
  });
  return router;
}
