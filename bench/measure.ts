/**
 * Everything measured against one framework's server: the three routes side by side (order
 * rotated each round, so drift hurts no route more than another), login throughput against the
 * raw verify rate (interleaved), and the guarded route's latency during a login storm.
 */
import { type AbuseResult, queueStorm, registrationStorm } from './abuse.js';
import type { ChildServer, Framework } from './child-server.js';
import {
  BARE_PATH,
  DEMO_SESSION_PATH,
  MIDDLEWARE_PATH,
  ROUTES_MOUNT_PATH,
  ROUTES_SESSION_PATH,
  ROUTES_TOKEN_PATH,
  SESSION_PATH,
  TOKEN_PATH,
  UNGUARDED_PATH,
} from './comparison-apps.js';
import { type LoadResult, runLoad } from './http-load.js';
import {
  type BatchResult,
  type Credentials,
  login,
  loginRate,
  loginStorm,
  rawVerifyRate,
  type StormResult,
} from './logins.js';
import type { BenchSettings } from './settings.js';

/**
 * bare: the framework alone; middleware: one no-op middleware; unguarded: barbican() mounted, no
 * guard, no cookie; session and token: the same app and handler with one guard on the route;
 * routes-mount: beside barbicanRoutes(), no guard, no cookie; routes-session and routes-token:
 * its bound guards (on Hono `guarded(guard, handler)`); demo-session: the demo
 * app's `/api/session-only` with its body parsers and route table (bench/comparison-apps.ts).
 */
export const ROUTES: readonly { readonly name: string; readonly path: string; readonly only?: Framework }[] =
  [
    { name: 'bare', path: BARE_PATH },
    { name: 'middleware', path: MIDDLEWARE_PATH },
    { name: 'unguarded', path: UNGUARDED_PATH },
    { name: 'session', path: SESSION_PATH },
    { name: 'token', path: TOKEN_PATH },
    { name: 'routes-mount', path: ROUTES_MOUNT_PATH },
    { name: 'routes-session', path: ROUTES_SESSION_PATH },
    { name: 'routes-token', path: ROUTES_TOKEN_PATH },
    { name: 'demo-session', path: DEMO_SESSION_PATH },
  ];

export type RouteName = string;

/** The rows a framework's server has (some exist for one framework only). */
export function routesFor(framework: Framework): typeof ROUTES {
  return ROUTES.filter((route) => route.only === undefined || route.only === framework);
}

/** One route run with the server CPU it cost (µs per answered request, start to end of the run). */
export interface RouteRun extends LoadResult {
  readonly serverCpuUsPerRequest: number;
}

/** The bench server's CPU time so far (ms), from its own endpoint (bench/server.ts). */
export async function serverCpuMs(origin: string): Promise<number> {
  const response = await fetch(`${origin}/__bench/cpu`);
  return ((await response.json()) as { cpuMs: number }).cpuMs;
}

export interface FrameworkResult {
  readonly framework: string;
  /** Per route, one result per round. */
  readonly routes: Readonly<Record<RouteName, readonly RouteRun[]>>;
  readonly logins: readonly BatchResult[];
  readonly rawVerifies: readonly BatchResult[];
  readonly quietGuarded: LoadResult;
  readonly storms: readonly StormResult[];
  /** One storm of adversarial registrations, one of logins past the hashing queue bound. */
  readonly abuse: { readonly registrations: AbuseResult; readonly queue: AbuseResult };
}

const WARM_UP_SECONDS = 2;
const QUIET_SECONDS = 3;

export function headersFor(route: RouteName, credentials: Credentials): Record<string, string> {
  if (route.endsWith('session')) return { cookie: credentials.sessionCookie };
  if (route.endsWith('token')) return { 'authentication-token': credentials.authToken };
  return {};
}

function log(message: string): void {
  process.stderr.write(`  ${message}\n`);
}

export async function measureFramework(
  server: ChildServer,
  settings: BenchSettings,
): Promise<FrameworkResult> {
  const { origin } = server;
  const credentials = await login(origin);
  const loadOf = (route: RouteName, seconds: number, connections: number) =>
    runLoad({
      url: `${origin}${rows.find((r) => r.name === route)?.path}`,
      headers: headersFor(route, credentials),
      connections,
      seconds,
    });
  // The server's own CPU per answered request: steadier than req/s, which moves with the load
  // generator that shares the CPUs.
  const routeRun = async (route: RouteName): Promise<RouteRun> => {
    const before = await serverCpuMs(origin);
    const result = await loadOf(route, settings.seconds, settings.connections);
    const cpuUs = ((await serverCpuMs(origin)) - before) * 1000;
    return { ...result, serverCpuUsPerRequest: cpuUs / Math.max(1, result.samples + result.failures) };
  };

  const rows = routesFor(server.framework);
  log('warm-up');
  for (const { name } of rows) {
    const warm = await loadOf(name, WARM_UP_SECONDS, settings.connections);
    if (warm.failures > 0) throw new Error(`${name}: ${warm.failures} failed requests during warm-up`);
  }
  await loginRate(origin, 4);

  const routes: Record<RouteName, RouteRun[]> = Object.fromEntries(rows.map(({ name }) => [name, []]));
  for (let round = 0; round < settings.rounds; round += 1) {
    for (let i = 0; i < rows.length; i += 1) {
      const name = rows[(i + round) % rows.length]?.name ?? 'bare';
      log(`round ${round + 1}/${settings.rounds}: ${name}`);
      routes[name]?.push(await routeRun(name));
    }
  }

  const logins: BatchResult[] = [];
  const rawVerifies: BatchResult[] = [];
  for (let round = 0; round < settings.rounds; round += 1) {
    log(`round ${round + 1}/${settings.rounds}: raw verify, then ${settings.logins} logins`);
    rawVerifies.push(await rawVerifyRate(origin, settings.logins));
    logins.push(await loginRate(origin, settings.logins));
  }

  log('guarded route, quiet');
  const quietGuarded = await loadOf('demo-session', QUIET_SECONDS, settings.stormConnections);
  const storms: StormResult[] = [];
  for (let round = 0; round < settings.rounds; round += 1) {
    log(`round ${round + 1}/${settings.rounds}: login storm`);
    storms.push(
      await loginStorm(origin, {
        logins: settings.stormLogins,
        path: DEMO_SESSION_PATH,
        headers: headersFor('session', credentials),
        connections: settings.stormConnections,
      }),
    );
  }
  const abuseOptions = (requests: number) => ({
    requests,
    path: DEMO_SESSION_PATH,
    headers: headersFor('session', credentials),
    connections: settings.stormConnections,
  });
  log(`${settings.registerStorm} adversarial registrations`);
  const registrations = await registrationStorm(origin, abuseOptions(settings.registerStorm));
  log(`${settings.queueStorm} unknown-user logins past the queue bound`);
  const queue = await queueStorm(origin, abuseOptions(settings.queueStorm));
  const abuse = { registrations, queue };
  return { framework: server.framework, routes, logins, rawVerifies, quietGuarded, storms, abuse };
}
