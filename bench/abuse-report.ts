/** The abuse rows of the report: the guarded route's latency while Barbican sheds abusive work. */
import { type AbuseResult, BENCH_HASH_QUEUE_LIMIT } from './abuse.js';
import type { FrameworkSummary } from './summary.js';

const ms = (value: number): string => value.toFixed(2);

function answers(statuses: Readonly<Record<number, number>>): string {
  return Object.entries(statuses)
    .map(([status, count]) => `${count}× ${status}`)
    .join(', ');
}

function row(framework: string, storm: string, r: AbuseResult): string {
  const g = r.guarded;
  return (
    `| ${framework} | ${storm} | ${answers(r.statuses)} | ${Math.round(r.stormMs)} | ${ms(g.p50Ms)} | ` +
    `${ms(g.p99Ms)} | ${ms(g.maxMs)} | ${g.samples} | ${g.failures} |`
  );
}

export function abuseTable(results: readonly FrameworkSummary[]): string[] {
  const lines = [
    '| framework | storm | answers | storm ms | guarded p50 ms | guarded p99 ms | guarded max ms | samples | non-200 |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const { framework, abuse } of results) {
    const { registrations: reg, queue } = abuse;
    lines.push(row(framework, `${reg.requests} zxcvbn-adversarial registrations`, reg));
    lines.push(
      row(framework, `${queue.requests} unknown-user logins (queue bound ${BENCH_HASH_QUEUE_LIMIT})`, queue),
    );
  }
  return lines;
}
