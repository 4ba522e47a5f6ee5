/**
 * The composition root: opens storage, connects the component, builds the HTTP app and
 * listens. main.ts (the CLI), the demo and the integration tests all start the gateway here.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { XmppComponent } from "./component";
import { InboundFeed, startInboundFeed } from "./component/inbound";
import { spoolAccountOf } from "./component/inbound/spool-account";
import { checkPassword } from "./component/password-check";
import { PresenceService } from "./component/services/presence";
import { ProfileCache } from "./component/services/profile";
import { RosterCache } from "./component/services/roster";
import type { Config } from "./config";
import { buildApp } from "./http/app";
import { Authenticator } from "./http/auth/authenticator";
import { createAuthMiddleware } from "./http/auth/middleware";
import { PasswordCache } from "./http/auth/password-cache";
import { authRouter } from "./http/auth/routes";
import { LoginThrottle } from "./http/auth/throttle";
import { TokenService } from "./http/auth/tokens";
import { StreamHub } from "./http/events/hub";
import { eventStreamRouter, ticketRouter } from "./http/events/routes";
import { TicketStore } from "./http/events/tickets";
import { healthRouter } from "./http/health";
import { restRouter } from "./http/rest";
import { sparkwebRouter } from "./http/sparkweb";
import { WebhookDispatcher, webhookAdminRouter, webhookSettings } from "./http/webhooks";
import { chatRouter } from "./http/sparkweb/chat";
import { configureLogging, createLogger } from "./log";
import { ApiKeysRepo } from "./storage/api-keys";
import { ArchiveRepo } from "./storage/archive";
import { Db, openDatabase } from "./storage/db";
import { scheduleRetention } from "./storage/retention";
import { RevokedTokensRepo } from "./storage/revoked-tokens";
import { SettingsRepo } from "./storage/settings";
import packageJson from "./package.json";

export const VERSION: string = packageJson.version;

export interface Gateway {
  config: Config;
  component: XmppComponent;
  db: Db;
  /** Users' messages (component/inbound feeds it). */
  archive: ArchiveRepo;
  inbound: InboundFeed;
  http: Server;
  /** The base URL the HTTP API actually listens on (the real port when 0 was configured). */
  url: string;
  stop(): Promise<void>;
}

export async function startGateway(config: Config): Promise<Gateway> {
  configureLogging(config.log.level);
  const log = createLogger("gateway");
  const hooks = webhookSettings(config.webhook); // checks what the config table cannot
  const spool = spoolAccountOf(config);
  const db = openDatabase(config.storage.path);
  const settings = new SettingsRepo(db);
  const apiKeys = new ApiKeysRepo(db);
  const revoked = new RevokedTokensRepo(db);

  const component = new XmppComponent({
    jid: config.component.jid,
    secret: config.component.secret,
    host: config.component.host,
    port: config.component.port,
    serverDomain: config.server.domain,
    maxPrivilegedIqs: config.component.max_privileged_iqs,
    identity: { name: "xmpp-rest-component", version: VERSION },
    log: createLogger("component"),
  });

  const tokens = new TokenService(settings.secret("jwt_secret"), config.http.public_url, config.auth.token_ttl, revoked);
  const authenticator = new Authenticator({
    serverDomain: config.server.domain,
    componentDomain: config.component.jid,
    admins: config.auth.admins,
    checkPassword: (local, password) =>
      checkPassword(
        { host: config.server.c2s_host, port: config.server.c2s_port, domain: config.server.domain, timeoutMs: config.auth.login_timeout },
        local,
        password,
      ),
    cache: new PasswordCache(config.auth.password_cache_ttl),
    throttle: new LoginThrottle(),
    maxFailures: config.auth.max_failures,
    tokens,
    apiKeys,
  });
  const requireAuth = createAuthMiddleware(authenticator);

  // Real time for web apps: presence routed by roster, and the users' event streams.
  const archive = new ArchiveRepo(db);
  const rosters = new RosterCache({ fetchRoster: (user, timeoutMs) => component.rosterOf(user, timeoutMs), ttlMs: config.sse.roster_refresh });
  const presence = new PresenceService({
    events: component.events,
    rosters,
    isOnline: () => component.online,
    rosterRefreshMs: config.sse.roster_refresh,
    log: createLogger("presence"),
  });
  const profiles = new ProfileCache({
    iqAs: (user, iq, timeoutMs) => component.iqAs(user, iq, timeoutMs),
    ttlMs: config.sse.roster_refresh,
    log: createLogger("profiles"),
  });
  const hub = new StreamHub({
    events: component.events,
    presence,
    profiles,
    archive,
    heartbeatMs: config.sse.heartbeat,
    maxBuffer: config.sse.max_buffer,
    maxStreamsPerUser: config.sse.max_streams_per_user,
    maxStreams: config.sse.max_streams,
    log: createLogger("sse"),
  });
  const tickets = new TicketStore();
  // Users' messages into the archive, then onto the event bus for the streams above.
  const inbound = startInboundFeed({
    mode: config.inbound.mode,
    component,
    archive,
    c2s: { host: config.server.c2s_host, port: config.server.c2s_port },
    spool,
    log: createLogger("inbound"),
  });
  const webhooks = new WebhookDispatcher({ component, hooks, db, userAgent: `xmpp-rest-component/${VERSION}`, log: createLogger("webhooks") });

  const app = buildApp({
    corsOrigins: config.http.cors_origins,
    trustProxy: config.http.trust_proxy,
    log: createLogger("http"),
    routers: [
      healthRouter(component, inbound),
      authRouter(requireAuth, tokens, apiKeys),
      restRouter({ component, requireAuth, bodyLimit: config.http.body_limit, log: createLogger("rest") }),
      eventStreamRouter({ hub, tickets, requireAuth, stillValid: (principal) => authenticator.stillValid(principal) }),
      webhookAdminRouter(requireAuth, webhooks),
      sparkwebRouter([
        ticketRouter({ tickets, requireAuth }),
        chatRouter({
          component,
          archive,
          requireAuth,
          bodyLimit: config.http.body_limit,
          onRead: (user, peer, upTo) => hub.publish(user, [{ event: "chatapi.read", data: { jid: peer, upTo } }]),
        }),
      ]),
    ],
  });

  const retention = scheduleRetention(archive, config.archive.retention, createLogger("archive"));

  webhooks.start(); // before the component connects: no stanza may arrive unstored
  void component.start();
  const http = await listen(app, config.http.port, config.http.host);
  const port = (http.address() as AddressInfo).port;
  log.info("HTTP API listening", { url: `http://${config.http.host}:${port}` });
  const purge = setInterval(() => revoked.purgeExpired(), 3_600_000).unref();

  return {
    config,
    component,
    db,
    archive,
    inbound,
    http,
    url: `http://${config.http.host}:${port}`,
    async stop() {
      clearInterval(purge);
      hub.close();
      presence.close();
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
      await webhooks.stop();
      retention.stop();
      await inbound.stop();
      await component.stop();
      db.close();
    },
  };
}

function listen(app: import("express").Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once("listening", () => resolve(server));
    server.once("error", reject);
  });
}
