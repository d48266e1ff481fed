/**
 * The default PasswordHasher: argon2id PHC strings, with legacy bcrypt accepted on verify so
 * users migrated from Flask-Security are rehashed on their next login.
 */

import {
  type Algorithm,
  hash as argon2Hash,
  verify as argon2Verify,
  type ParsedHashOptions,
  parseOptions,
  type Version,
} from '@node-rs/argon2';
import {
  type ConcurrencyLimiter,
  createConcurrencyLimiter,
  defaultMaxConcurrent,
} from './concurrency-limiter.js';
import { isBcryptHash, verifyLegacyBcrypt } from './legacy-bcrypt.js';
import type { PasswordHasher, PasswordVerifyResult } from './types.js';

export interface Argon2Parameters {
  /** Memory in KiB (the PHC `m=`). */
  readonly memoryCost: number;
  /** Passes over memory (the PHC `t=`). */
  readonly timeCost: number;
  /** Lanes (the PHC `p=`). */
  readonly parallelism: number;
}

/**
 * OWASP Password Storage Cheat Sheet's first argon2id configuration (19 MiB, 2 passes, 1 lane):
 * roughly 20–40 ms per hash on a server core, and one lane so a hash holds one pool thread.
 */
export const DEFAULT_ARGON2_PARAMETERS: Argon2Parameters = Object.freeze({
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
});

export interface PasswordHasherOptions {
  readonly argon2?: Partial<Argon2Parameters>;
  /** Hashes running at once; defaults to {@link defaultMaxConcurrent}. */
  readonly maxConcurrent?: number;
  /** Hashes allowed to wait for a slot; more are refused with a 503 (ServiceUnavailableError). */
  readonly maxQueue?: number;
  /** A limiter shared with other thread-pool work; replaces `maxConcurrent` and `maxQueue`. */
  readonly limiter?: ConcurrencyLimiter;
  /**
   * The signal of the request a hash is for (createSecurity passes the current request's): a
   * waiting hash whose client went away is dropped rather than computed for nobody.
   */
  readonly abortSignal?: () => AbortSignal | undefined;
  /** Flask-Security 5.1's SECURITY_PASSWORD_SALT, to verify its HMAC-then-bcrypt hashes. */
  readonly legacyBcryptHmacSalt?: string;
}

// The package's enums are `const enum`s, which isolatedModules cannot read: spell the values.
const ARGON2ID: Algorithm = 2;
const VERSION_0X13: Version = 1;
const OUTPUT_BYTES = 32;
const MIN_SALT_BYTES = 16;
const INVALID: PasswordVerifyResult = Object.freeze({ valid: false, needsRehash: false });
// Verified against by unknown users; its content is irrelevant, only its cost matters.
const DUMMY_PASSWORD = 'barbican-dummy-password-for-timing-equalization';

function resolveParameters(input: Partial<Argon2Parameters> = {}): Argon2Parameters {
  const parameters = Object.freeze({
    memoryCost: input.memoryCost ?? DEFAULT_ARGON2_PARAMETERS.memoryCost,
    timeCost: input.timeCost ?? DEFAULT_ARGON2_PARAMETERS.timeCost,
    parallelism: input.parallelism ?? DEFAULT_ARGON2_PARAMETERS.parallelism,
  });
  const { memoryCost, timeCost, parallelism } = parameters;
  if (!Number.isInteger(parallelism) || parallelism < 1 || parallelism > 255) {
    throw new RangeError(`argon2.parallelism must be an integer from 1 to 255, got ${parallelism}`);
  }
  // RFC 9106 §3.1: memory must be at least 8 KiB per lane.
  if (!Number.isInteger(memoryCost) || memoryCost < 8 * parallelism || memoryCost > 0xffff_ffff) {
    throw new RangeError(
      `argon2.memoryCost must be an integer from ${8 * parallelism} KiB, got ${memoryCost}`,
    );
  }
  if (!Number.isInteger(timeCost) || timeCost < 1 || timeCost > 0xffff_ffff) {
    throw new RangeError(`argon2.timeCost must be an integer >= 1, got ${timeCost}`);
  }
  return parameters;
}

/** Any difference from policy counts, not only weaker: a lowered policy is deliberate too. */
function matchesPolicy(parsed: ParsedHashOptions, policy: Argon2Parameters): boolean {
  return (
    parsed.algorithm === ARGON2ID &&
    parsed.version === VERSION_0X13 &&
    parsed.memoryCost === policy.memoryCost &&
    parsed.timeCost === policy.timeCost &&
    parsed.parallelism === policy.parallelism &&
    parsed.outputLen === OUTPUT_BYTES &&
    parsed.saltLen >= MIN_SALT_BYTES
  );
}

/**
 * `needsRehash` is only ever true alongside `valid`: a rehash needs the correct password.
 *
 * @example
 * const hasher = createPasswordHasher();
 * const stored = await hasher.hash(normalized);
 * const { valid, needsRehash } = await hasher.verify(normalized, stored);
 */
export function createPasswordHasher(options: PasswordHasherOptions = {}): PasswordHasher {
  const parameters = resolveParameters(options.argon2);
  if (options.limiter && (options.maxConcurrent !== undefined || options.maxQueue !== undefined)) {
    throw new TypeError('Pass either limiter or maxConcurrent/maxQueue to createPasswordHasher, not both');
  }
  const shared =
    options.limiter ??
    createConcurrencyLimiter(options.maxConcurrent ?? defaultMaxConcurrent(), {
      ...(options.maxQueue === undefined ? {} : { maxQueue: options.maxQueue }),
    });
  const abortSignal = options.abortSignal ?? (() => undefined);
  // Every hash waits with its request's signal, whichever call site asked for it.
  const limiter: ConcurrencyLimiter = {
    run: (fn) => shared.run(fn, { signal: abortSignal() }),
  };
  const hmacSalt = options.legacyBcryptHmacSalt;
  const argon2Options = {
    ...parameters,
    algorithm: ARGON2ID,
    version: VERSION_0X13,
    outputLen: OUTPUT_BYTES,
  };
  let dummyHash: Promise<string> | undefined;

  function hash(normalizedPassword: string): Promise<string> {
    return limiter.run(() => argon2Hash(normalizedPassword, argon2Options));
  }

  async function verifyArgon2(password: string, storedHash: string): Promise<PasswordVerifyResult> {
    let parsed: ParsedHashOptions;
    try {
      parsed = parseOptions(storedHash);
    } catch {
      return INVALID;
    }
    // A malformed hash is a refusal; a full queue or an aborted request is not, and propagates.
    const valid = await limiter.run(() => argon2Verify(storedHash, password).catch(() => false));
    return { valid, needsRehash: valid && !matchesPolicy(parsed, parameters) };
  }

  return {
    hash,

    async verify(normalizedPassword: string, storedHash: string): Promise<PasswordVerifyResult> {
      // Stored data may be anything (a NULL column, a truncated import): a refusal, never a throw.
      if (typeof storedHash !== 'string') {
        return INVALID;
      }
      if (storedHash.startsWith('$argon2')) {
        return verifyArgon2(normalizedPassword, storedHash);
      }
      if (isBcryptHash(storedHash)) {
        const valid = await verifyLegacyBcrypt(normalizedPassword, storedHash, { limiter, hmacSalt });
        return { valid, needsRehash: valid };
      }
      return INVALID;
    },

    async verifyDummy(normalizedPassword: string): Promise<void> {
      dummyHash ??= hash(DUMMY_PASSWORD).catch((error: unknown) => {
        dummyHash = undefined;
        throw error;
      });
      const stored = await dummyHash;
      await limiter.run(() => argon2Verify(stored, normalizedPassword));
    },
  };
}
