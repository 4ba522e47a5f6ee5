/**
 * Builds the Express app from its routers: CORS, body limits, auth, the APIs, and one
 * error handler so that no error ever leaves as HTML.
 */
import express, { Router } from "express";
import type { Logger } from "../log";
import { cors } from "./cors";
import { errorHandler, notFound } from "./errors";

export interface AppOptions {
  corsOrigins: readonly string[];
  trustProxy: boolean;
  log: Logger;
  routers: Router[];
}

export function buildApp({ corsOrigins, trustProxy, log, routers }: AppOptions): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", trustProxy);
  app.set("etag", false);
  app.use(cors(corsOrigins));
  for (const router of routers) app.use(router);
  app.use(notFound());
  app.use(errorHandler(log));
  return app;
}
