/**
 * Deadlines and a connection cap for the Node HTTP server an app runs Barbican on. Barbican bounds
 * the bodies it reads itself (bodyReadTimeout); slow headers, bodies the app's own parsers read,
 * and idle sockets are the server's to bound. Node's defaults (60 s for headers, 300 s per request,
 * no connection cap) let 3,000 half-sent requests hold 115 MB and slow every other request.
 */
import type { Server } from 'node:http';

export interface ServerLimits {
  /** Time to receive the request head (Node's server.headersTimeout). */
  readonly headersTimeoutMs: number;
  /** Time to receive the whole request, head and body (server.requestTimeout). */
  readonly requestTimeoutMs: number;
  /** Open sockets at most; more are refused by the kernel backlog (server.maxConnections). */
  readonly maxConnections: number;
}

export const RECOMMENDED_SERVER_LIMITS: ServerLimits = Object.freeze({
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  maxConnections: 1024,
});

/**
 * Applies the limits (recommended ones unless overridden) to a Node HTTP server.
 *
 * @example applyServerLimits(serve({ fetch: app.fetch, port: 3000 }) as Server)
 * @example applyServerLimits(app.listen(3000), { maxConnections: 4096 })
 */
export function applyServerLimits(server: Server, overrides: Partial<ServerLimits> = {}): Server {
  const limits = { ...RECOMMENDED_SERVER_LIMITS, ...overrides };
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.maxConnections = limits.maxConnections;
  return server;
}
