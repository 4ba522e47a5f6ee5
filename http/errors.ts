/**
 * The one error format of the API (RFC 9457 problem details, with a machine-readable
 * `code`). The mod_rest-compatible routes have their own format (http/rest/errors.ts).
 */
import type { ErrorRequestHandler, Response } from "express";
import type { Logger } from "../log";

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: { headers?: Record<string, string>; details?: Record<string, unknown> } = {},
  ) {
    super(message);
  }
}

const TITLES: Record<number, string> = {
  400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
  406: "Not Acceptable", 409: "Conflict", 410: "Gone", 413: "Content Too Large", 415: "Unsupported Media Type",
  422: "Unprocessable Content", 429: "Too Many Requests", 500: "Internal Server Error", 501: "Not Implemented",
  502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
};

export function sendProblem(res: Response, err: HttpError): void {
  for (const [name, value] of Object.entries(err.extra.headers ?? {})) res.setHeader(name, value);
  res
    .status(err.status)
    .type("application/problem+json")
    .send(
      JSON.stringify({
        status: err.status,
        code: err.code,
        title: TITLES[err.status] ?? "Error",
        detail: err.message,
        ...err.extra.details,
      }),
    );
}

/** Turns body-parser errors and stray exceptions into problem details; never HTML. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => {
    if (res.headersSent) return void res.end();
    sendProblem(res, toHttpError(err, log));
  };
}

export function toHttpError(err: unknown, log: Logger): HttpError {
  if (err instanceof HttpError) return err;
  const e = err as { type?: string; status?: number; limit?: number; message?: string };
  if (e?.type === "entity.too.large") {
    return new HttpError(413, "payload_too_large", `the request body is larger than ${e.limit} bytes`);
  }
  if (e?.type === "entity.parse.failed") return new HttpError(400, "invalid_json", `the JSON body cannot be parsed: ${e.message}`);
  if (e?.type === "encoding.unsupported" || e?.type === "charset.unsupported") {
    return new HttpError(415, "unsupported_encoding", e.message ?? "unsupported encoding");
  }
  if (typeof e?.status === "number" && e.status >= 400 && e.status < 500) {
    return new HttpError(e.status, "bad_request", e.message ?? "bad request");
  }
  log.error("unhandled error", { error: (err as Error)?.stack ?? String(err) });
  return new HttpError(500, "internal_error", "an internal error occurred; it has been logged");
}

/** 404 for every path no router claimed, in the same format. */
export function notFound(): import("express").RequestHandler {
  return (req, res) => sendProblem(res, new HttpError(404, "not_found", `no route for ${req.method} ${req.path}`));
}
