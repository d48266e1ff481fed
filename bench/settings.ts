/** The bench's knobs, read once from the environment (all bounded, all with defaults). */

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got ${raw}`);
  return value;
}

export interface BenchSettings {
  /** Seconds per measured route run (BENCH_SECONDS). */
  readonly seconds: number;
  /** autocannon connections for the throughput runs (BENCH_CONNECTIONS). */
  readonly connections: number;
  /** Rounds of bare/session/token per framework, order rotated each round (BENCH_ROUNDS). */
  readonly rounds: number;
  /** Logins per login-throughput batch, started at once (BENCH_LOGINS). */
  readonly logins: number;
  /** Concurrent logins in the storm (BENCH_STORM_LOGINS). */
  readonly stormLogins: number;
  /** autocannon connections on the guarded route during the storm (BENCH_STORM_CONNECTIONS). */
  readonly stormConnections: number;
  /** Anonymous registrations with zxcvbn-adversarial passwords, fired at once (BENCH_REGISTER_STORM). */
  readonly registerStorm: number;
  /** Unknown-user logins fired at once, past the hashing queue bound (BENCH_QUEUE_STORM). */
  readonly queueStorm: number;
  /** Frameworks to run, comma-separated (BENCH_FRAMEWORKS). */
  readonly frameworks: readonly ('hono' | 'express')[];
  /** Whether bench/RESULTS.md is rewritten; BENCH_WRITE=0 for a trial run. */
  readonly writeResults: boolean;
}

export function readSettings(): BenchSettings {
  const frameworks = (process.env.BENCH_FRAMEWORKS ?? 'hono,express').split(',').map((f) => f.trim());
  for (const f of frameworks) {
    if (f !== 'hono' && f !== 'express') throw new Error(`BENCH_FRAMEWORKS: unknown framework ${f}`);
  }
  return {
    // Many short rounds: bursts of slowness on a shared VM last seconds, and a median of eight
    // rotated rounds rides them out where four did not (bench/RESULTS.md, run of 13:02).
    seconds: positiveInteger('BENCH_SECONDS', 2),
    connections: positiveInteger('BENCH_CONNECTIONS', 50),
    rounds: positiveInteger('BENCH_ROUNDS', 8),
    logins: positiveInteger('BENCH_LOGINS', 100),
    stormLogins: positiveInteger('BENCH_STORM_LOGINS', 50),
    stormConnections: positiveInteger('BENCH_STORM_CONNECTIONS', 4),
    registerStorm: positiveInteger('BENCH_REGISTER_STORM', 6),
    queueStorm: positiveInteger('BENCH_QUEUE_STORM', 300),
    frameworks: frameworks as ('hono' | 'express')[],
    writeResults: process.env.BENCH_WRITE !== '0',
  };
}
