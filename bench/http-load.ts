/**
 * One autocannon run against one route. Latencies are collected from autocannon's per-response
 * event (sub-millisecond), since its own histogram rounds to whole milliseconds.
 */
import autocannon from 'autocannon';
import { percentile } from './stats.js';

export interface LoadOptions {
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly connections: number;
  readonly seconds: number;
}

export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly samples: number;
  /** Every 200 response's latency, ascending (to pool rounds before taking percentiles). */
  readonly latenciesMs: readonly number[];
  /** Responses that were not 200, plus connection errors and timeouts. */
  readonly failures: number;
}

export interface RunningLoad {
  /** Ends the run early (the result covers what ran). */
  stop(): void;
  readonly result: Promise<LoadResult>;
}

/** Starts a load; it ends after `seconds` or on stop(). */
export function startLoad(options: LoadOptions): RunningLoad {
  if (!options.url.startsWith('http://127.0.0.1:'))
    throw new Error(`bench targets 127.0.0.1 only: ${options.url}`);
  const latencies: number[] = [];
  let notOk = 0;
  let instance: autocannon.Instance | undefined;
  const result = new Promise<LoadResult>((resolve, reject) => {
    instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.seconds,
        headers: { accept: 'application/json', ...options.headers },
        timeout: 10,
      },
      (error: unknown, summary) => {
        if (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        latencies.sort((a, b) => a - b);
        const elapsedSeconds = (summary.finish.getTime() - summary.start.getTime()) / 1000;
        resolve({
          requestsPerSecond: (latencies.length + notOk) / elapsedSeconds,
          p50Ms: percentile(latencies, 0.5),
          p99Ms: percentile(latencies, 0.99),
          maxMs: latencies.at(-1) ?? Number.NaN,
          samples: latencies.length,
          latenciesMs: latencies,
          failures: notOk + summary.errors,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode === 200) latencies.push(responseTime);
      else notOk += 1;
    });
  });
  return { stop: () => instance?.stop(), result };
}

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  return startLoad(options).result;
}
