/**
 * One framework's rounds reduced to the reported numbers. Ratios are taken per round (guarded and
 * bare, or login and raw verify, measured minutes apart at most) and then the median, so a round
 * disturbed by other work on the machine moves the result less; latency percentiles are taken
 * over the pooled samples of all rounds.
 */

import type { Framework } from './child-server.js';
import type { LoadResult } from './http-load.js';
import type { BatchResult } from './logins.js';
import { type FrameworkResult, type RouteName, type RouteRun, routesFor } from './measure.js';
import { mean, median, percentile, pooled } from './stats.js';

export interface RouteSummary {
  readonly path: string;
  readonly requestsPerSecond: number;
  readonly ratioToBare: number;
  readonly perRoundRatios: readonly number[];
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly failures: number;
  /** Median over rounds of the server's CPU per answered request, µs. */
  readonly serverCpuUs: number;
}

export interface LoginSummary {
  readonly loginsPerSecond: number;
  readonly rawVerifiesPerSecond: number;
  readonly ratio: number;
  readonly perRoundRatios: readonly number[];
  readonly serverCpuMsPerLogin: number;
  readonly serverCpuMsPerVerify: number;
  readonly clientCpuMsPerLogin: number;
}

export interface StormSummary {
  readonly logins: number;
  readonly quietP99Ms: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly perRoundP99Ms: readonly number[];
  readonly durationsMs: readonly number[];
  readonly samples: number;
  readonly failures: number;
}

export interface FrameworkSummary {
  readonly framework: string;
  readonly routes: Readonly<Record<RouteName, RouteSummary>>;
  readonly login: LoginSummary;
  readonly storm: StormSummary;
  /** Single storms, reported as measured (see bench/abuse.ts). */
  readonly abuse: FrameworkResult['abuse'];
}

const failuresOf = (runs: readonly LoadResult[]): number => runs.reduce((n, x) => n + x.failures, 0);

function summarizeRoute(path: string, runs: readonly RouteRun[], bare: readonly RouteRun[]): RouteSummary {
  const perRoundRatios = runs.map((x, i) => x.requestsPerSecond / (bare[i]?.requestsPerSecond ?? Number.NaN));
  const latencies = pooled(runs.map((x) => x.latenciesMs));
  return {
    path,
    requestsPerSecond: median(runs.map((x) => x.requestsPerSecond)),
    ratioToBare: median(perRoundRatios),
    perRoundRatios,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    failures: failuresOf(runs),
    serverCpuUs: median(runs.map((x) => x.serverCpuUsPerRequest)),
  };
}

function summarizeLogin(logins: readonly BatchResult[], raw: readonly BatchResult[]): LoginSummary {
  const perRoundRatios = logins.map((x, i) => x.perSecond / (raw[i]?.perSecond ?? Number.NaN));
  return {
    loginsPerSecond: median(logins.map((x) => x.perSecond)),
    rawVerifiesPerSecond: median(raw.map((x) => x.perSecond)),
    ratio: median(perRoundRatios),
    perRoundRatios,
    serverCpuMsPerLogin: mean(logins.map((x) => x.serverCpuMsEach)),
    serverCpuMsPerVerify: mean(raw.map((x) => x.serverCpuMsEach)),
    clientCpuMsPerLogin: mean(logins.map((x) => x.clientCpuMsEach)),
  };
}

function summarizeStorm(result: FrameworkResult): StormSummary {
  const runs = result.storms.map((s) => s.guarded);
  const latencies = pooled(runs.map((x) => x.latenciesMs));
  return {
    logins: result.storms[0]?.logins ?? 0,
    quietP99Ms: result.quietGuarded.p99Ms,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    maxMs: latencies.at(-1) ?? Number.NaN,
    perRoundP99Ms: runs.map((x) => x.p99Ms),
    durationsMs: result.storms.map((s) => s.stormMs),
    samples: latencies.length,
    failures: failuresOf(runs),
  };
}

export function summarize(result: FrameworkResult): FrameworkSummary {
  const bare = result.routes.bare ?? [];
  const routes = Object.fromEntries(
    routesFor(result.framework as Framework).map(({ name, path }) => [
      name,
      summarizeRoute(path, result.routes[name] ?? [], bare),
    ]),
  ) as Record<RouteName, RouteSummary>;
  return {
    framework: result.framework,
    routes,
    login: summarizeLogin(result.logins, result.rawVerifies),
    storm: summarizeStorm(result),
    abuse: result.abuse,
  };
}
