/**
 * zxcvbn off the main thread. Crafted 128-character passwords take 1.5–5 s to score (and 32
 * characters already ~1 s), synchronously: on the event loop, fifteen such registrations stopped
 * every route. Here a check runs in a worker thread, one at a time per worker, under a time
 * budget: a check that overruns has its worker terminated (and replaced on the next check) and
 * fails closed. Checks beyond the queue bound are refused at once (ServiceUnavailableError).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { ServiceUnavailableError } from '../errors.js';

export interface ZxcvbnScore {
  readonly score: number;
  readonly warning: string;
}

/** A check's outcome: scored, or not scored (over its time budget, or its worker died): fail closed. */
export type ZxcvbnOutcome = ({ readonly timedOut: false } & ZxcvbnScore) | { readonly timedOut: true };

export interface ZxcvbnPool {
  score(password: string, userInputs: readonly string[]): Promise<ZxcvbnOutcome>;
  /** Terminates the workers; later checks start new ones. */
  close(): Promise<void>;
}

export interface ZxcvbnPoolOptions {
  /** Time budget of one check once it runs, in milliseconds. */
  readonly timeoutMs: number;
  /** Checks that may wait for a worker; more are refused with a 503. */
  readonly maxQueue: number;
  /** Worker threads; default 1, so adversarial checks can take at most one core. */
  readonly workers?: number;
}

export const COMPLEXITY_QUEUE_FULL_CODE = 'PASSWORD_CHECK_QUEUE_FULL';

// CommonJS run through `eval`, so the same code works from the sources (tsx, vitest) and dist.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const core = require(workerData.core);
const common = require(workerData.common);
const english = require(workerData.english);
const factory = new core.ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...english.dictionary },
  graphs: common.adjacencyGraphs,
  translations: english.translations,
});
parentPort.on('message', (job) => {
  const result = factory.check(job.password, job.userInputs);
  parentPort.postMessage({ score: result.score, warning: result.feedback.warning || '' });
});
parentPort.postMessage('ready');
`;

function modulePaths(): Record<'core' | 'common' | 'english', string> {
  const require = createRequire(import.meta.url);
  return {
    core: require.resolve('@zxcvbn-ts/core'),
    common: require.resolve('@zxcvbn-ts/language-common'),
    english: require.resolve('@zxcvbn-ts/language-en'),
  };
}

interface Job {
  readonly password: string;
  readonly userInputs: readonly string[];
  readonly settle: (outcome: ZxcvbnOutcome | Error) => void;
}

interface Slot {
  worker: Worker | null;
  ready: boolean;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

/**
 * @example
 * const pool = createZxcvbnPool({ timeoutMs: 2000, maxQueue: 16 });
 * const outcome = await pool.score(password, ['jsmith@example.com']);
 */
export function createZxcvbnPool(options: ZxcvbnPoolOptions): ZxcvbnPool {
  const { timeoutMs, maxQueue } = options;
  const workerCount = options.workers ?? 1;
  if (!(timeoutMs > 0)) throw new RangeError(`timeoutMs must be > 0, got ${timeoutMs}`);
  if (!Number.isInteger(maxQueue) || maxQueue < 0)
    throw new RangeError(`maxQueue must be >= 0, got ${maxQueue}`);
  if (!Number.isInteger(workerCount) || workerCount < 1) throw new RangeError('workers must be >= 1');
  let paths: ReturnType<typeof modulePaths> | undefined;
  const queue: Job[] = [];
  const slots: Slot[] = Array.from({ length: workerCount }, () => ({
    worker: null,
    ready: false,
    job: null,
    timer: null,
  }));

  function finish(slot: Slot, outcome: ZxcvbnOutcome | Error): void {
    const job = slot.job;
    if (slot.timer) clearTimeout(slot.timer);
    slot.job = null;
    slot.timer = null;
    job?.settle(outcome);
    updateRefs();
  }

  /** Drops a worker that overran or failed; its replacement starts with the next check. */
  function discard(slot: Slot, outcome: ZxcvbnOutcome | Error): void {
    const worker = slot.worker;
    const started = slot.ready;
    slot.worker = null;
    slot.ready = false;
    finish(slot, outcome);
    worker?.terminate().catch(() => {});
    if (started) {
      dispatch();
      return;
    }
    // A worker that cannot even load zxcvbn would fail again: fail what waits, respawn on demand.
    for (const job of queue.splice(0)) job.settle(new Error('zxcvbn worker failed to start'));
  }

  function spawn(slot: Slot): void {
    paths ??= modulePaths();
    // No inherited flags: loaders (tsx) are not needed and --input-type=module would make the
    // CommonJS source an ES module.
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: paths, execArgv: [] });
    slot.worker = worker;
    worker.on('message', (message: unknown) => {
      if (slot.worker !== worker) return;
      if (message === 'ready') {
        slot.ready = true;
      } else {
        finish(slot, { timedOut: false, ...(message as ZxcvbnScore) });
      }
      dispatch();
    });
    worker.on('error', () => {
      if (slot.worker === worker) discard(slot, { timedOut: true });
    });
    worker.on('exit', () => {
      if (slot.worker === worker) discard(slot, { timedOut: true });
    });
  }

  /**
   * An idle worker never keeps the process alive; one with work in flight or queued does (a CLI
   * awaiting a check would otherwise exit before the answer).
   */
  function updateRefs(): void {
    for (const slot of slots) {
      if (slot.job || queue.length > 0) slot.worker?.ref();
      else slot.worker?.unref();
    }
  }

  function dispatch(): void {
    dispatchJobs();
    updateRefs();
  }

  function dispatchJobs(): void {
    for (const slot of slots) {
      if (queue.length === 0) return;
      if (slot.job) continue;
      if (!slot.worker) spawn(slot);
      // The dictionaries load before the budget starts: loading is not the password's cost.
      if (!slot.ready) continue;
      const job = queue.shift();
      if (!job) return;
      slot.job = job;
      slot.timer = setTimeout(() => discard(slot, { timedOut: true }), timeoutMs);
      slot.worker?.postMessage({ password: job.password, userInputs: job.userInputs });
    }
  }

  return {
    score(password, userInputs) {
      const idle = slots.filter((slot) => !slot.job).length;
      if (queue.length >= maxQueue + idle) {
        return Promise.reject(
          new ServiceUnavailableError(
            COMPLEXITY_QUEUE_FULL_CODE,
            'The server is busy. Please try again in a moment.',
            Math.max(1, Math.ceil(timeoutMs / 1000)),
          ),
        );
      }
      return new Promise<ZxcvbnOutcome>((resolve, reject) => {
        const settle = (outcome: ZxcvbnOutcome | Error): void =>
          outcome instanceof Error ? reject(outcome) : resolve(outcome);
        queue.push({ password, userInputs, settle });
        dispatch();
      });
    },
    async close() {
      for (const job of queue.splice(0)) job.settle(new Error('zxcvbn pool closed'));
      await Promise.all(
        slots.map((slot) => {
          const worker = slot.worker;
          slot.worker = null;
          slot.ready = false;
          finish(slot, new Error('zxcvbn pool closed'));
          return worker?.terminate();
        }),
      );
    },
  };
}
