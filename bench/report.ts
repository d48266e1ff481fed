/** Turns one run's summaries into the markdown printed by `npm run bench` and kept in RESULTS.md. */
import { abuseTable } from './abuse-report.js';
import type { MachineFacts } from './machine.js';
import { ROUTES } from './measure.js';
import type { BenchSettings } from './settings.js';
import type { FrameworkSummary } from './summary.js';

export const TARGETS = Object.freeze({
  /** Issue 12: a guarded route against the framework alone. */
  guardedToBare: { hono: 0.85, express: 0.9 } as Readonly<Record<string, number>>,
  /** Issue 12: a route with no guard and no cookie behind barbican(). */
  unguardedToBare: 0.95,
  loginToRawVerify: 0.9,
  stormP99Ms: 20,
});

export interface RunInfo {
  readonly settings: BenchSettings;
  readonly machine: MachineFacts;
  readonly loadBefore: string;
  readonly loadAfter: string;
  readonly startedAt: Date;
  readonly elapsedSeconds: number;
}

const ms = (value: number): string => value.toFixed(2);
const rate = (value: number): string => Math.round(value).toLocaleString('en-US');
const ratio = (value: number): string => `${value.toFixed(2)}x`;
const list = (values: readonly number[], format: (v: number) => string): string =>
  values.map(format).join(', ');

function verdict(pass: boolean, shortfall: string): string {
  return pass ? '**pass**' : `**miss** (${shortfall})`;
}

function routeTable(summaries: readonly FrameworkSummary[]): string[] {
  const lines = [
    '| framework | route | req/s | p50 ms | p99 ms | ratio to bare | per-round ratios | server CPU µs/req | non-200 |',
    '| --- | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |',
  ];
  for (const s of summaries) {
    for (const { name } of ROUTES) {
      const r = s.routes[name];
      if (!r) continue;
      lines.push(
        `| ${s.framework} | ${name} \`${r.path}\` | ${rate(r.requestsPerSecond)} | ${ms(r.p50Ms)} | ${ms(r.p99Ms)} | ` +
          `${ratio(r.ratioToBare)} | ${list(r.perRoundRatios, ratio)} | ${r.serverCpuUs.toFixed(1)} | ${r.failures} |`,
      );
    }
  }
  return lines;
}

function loginTable(summaries: readonly FrameworkSummary[]): string[] {
  const lines = [
    '| framework | logins/s (GET+POST) | raw verify/s | ratio | per-round ratios | ' +
      'server CPU ms per login / per verify | client CPU ms per login |',
    '| --- | ---: | ---: | ---: | --- | --- | ---: |',
  ];
  for (const { framework, login: l } of summaries) {
    lines.push(
      `| ${framework} | ${l.loginsPerSecond.toFixed(1)} | ${l.rawVerifiesPerSecond.toFixed(1)} | ${ratio(l.ratio)} | ` +
        `${list(l.perRoundRatios, ratio)} | ${l.serverCpuMsPerLogin.toFixed(1)} / ${l.serverCpuMsPerVerify.toFixed(1)} | ` +
        `${l.clientCpuMsPerLogin.toFixed(1)} |`,
    );
  }
  return lines;
}

function stormTable(summaries: readonly FrameworkSummary[]): string[] {
  const lines = [
    '| framework | quiet p99 ms | storm p50 ms | storm p99 ms | per-round p99 ms | storm max ms | storm ms per round | samples | non-200 |',
    '| --- | ---: | ---: | ---: | --- | ---: | --- | ---: | ---: |',
  ];
  for (const { framework, storm: s } of summaries) {
    lines.push(
      `| ${framework} | ${ms(s.quietP99Ms)} | ${ms(s.p50Ms)} | ${ms(s.p99Ms)} | ${list(s.perRoundP99Ms, ms)} | ` +
        `${ms(s.maxMs)} | ${list(s.durationsMs, (v) => String(Math.round(v)))} | ${s.samples} | ${s.failures} |`,
    );
  }
  return lines;
}

function targetTable(summaries: readonly FrameworkSummary[]): string[] {
  const lines = ['| target | measured | verdict |', '| --- | --- | --- |'];
  for (const s of summaries) {
    const wanted = TARGETS.guardedToBare[s.framework] ?? Number.NaN;
    const rows = [
      ...(['session', 'token'] as const).map((name) => ({ label: `${name}-guarded`, name, wanted })),
      ...(['session', 'token'] as const).map((name) => ({
        label: `${name}-guarded beside barbicanRoutes()`,
        name: `routes-${name}`,
        wanted,
      })),
      { label: 'unguarded (no cookie)', name: 'unguarded', wanted: TARGETS.unguardedToBare },
      {
        label: 'unguarded beside barbicanRoutes()',
        name: 'routes-mount',
        wanted: TARGETS.unguardedToBare,
      },
    ];
    for (const row of rows) {
      const value = s.routes[row.name]?.ratioToBare;
      if (value === undefined) continue;
      const needed = (row.wanted / value - 1) * 100;
      lines.push(
        `| ${s.framework} ${row.label} >= ${row.wanted}x bare | ${ratio(value)} | ` +
          `${verdict(value >= row.wanted, `short by ${(row.wanted - value).toFixed(2)}x; needs +${needed.toFixed(0)}% req/s`)} |`,
      );
    }
  }
  for (const { framework, login } of summaries) {
    const wantedLogin = TARGETS.loginToRawVerify;
    lines.push(
      `| ${framework} login >= ${wantedLogin}x raw verify | ${ratio(login.ratio)} | ` +
        `${verdict(login.ratio >= wantedLogin, `short by ${(wantedLogin - login.ratio).toFixed(2)}x`)} |`,
    );
  }
  for (const { framework, storm } of summaries) {
    const limit = TARGETS.stormP99Ms;
    lines.push(
      `| ${framework} guarded p99 < ${limit} ms during ${storm.logins} concurrent logins | ${ms(storm.p99Ms)} ms | ` +
        `${verdict(storm.p99Ms < limit, `over by ${ms(storm.p99Ms - limit)} ms`)} |`,
    );
  }
  return lines;
}

/** The markdown block for one run. */
export function renderReport(summaries: readonly FrameworkSummary[], info: RunInfo): string {
  const { settings: s, machine: m } = info;
  return [
    `### Run of ${info.startedAt.toISOString()} (${Math.round(info.elapsedSeconds)} s)`,
    '',
    `Machine: ${m.nproc} CPUs (\`nproc\`), ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.os}; Node ${m.node}; ` +
      `UV_THREADPOOL_SIZE ${m.threadPoolSize}. Load average (1, 5, 15 min) before: ${info.loadBefore}; ` +
      `after: ${info.loadAfter}.`,
    '',
    `Settings: ${s.seconds} s per route run, ${s.connections} connections, ${s.rounds} rounds; ` +
      `${s.logins} logins per throughput batch; storm of ${s.stormLogins} logins with ` +
      `${s.stormConnections} connections on the guarded route.`,
    '',
    '#### Guarded routes against the bare route',
    '',
    ...routeTable(summaries),
    '',
    '#### Login throughput against raw argon2id verify',
    '',
    ...loginTable(summaries),
    '',
    '#### `GET /api/session-only` during a login storm',
    '',
    ...stormTable(summaries),
    '',
    '#### `GET /api/session-only` during adversarial registrations and a login storm past the queue bound',
    '',
    ...abuseTable(summaries),
    '',
    '#### Targets',
    '',
    ...targetTable(summaries),
  ].join('\n');
}
