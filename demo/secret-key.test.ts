import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Env, parseDemoEnv } from './demo-env.js';
import { DemoEnvError } from './demo-env-error.js';

let cwd: string;
let warnings: string[];

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'barbican-demo-key-'));
  warnings = [];
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

function secretKeyFor(env: Env = {}): string {
  return parseDemoEnv(env, { cwd, warn: (line) => warnings.push(line) }).config.secretKey;
}

describe('SECRET_KEY fallback file', () => {
  it('generates a random base64url key once into .secret-key (0600) and warns', () => {
    const key = secretKeyFor();
    const path = join(cwd, '.secret-key');
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(readFileSync(path, 'utf8').trim()).toBe(key);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/SECRET_KEY is not set: generated/);
    expect(warnings.join('\n')).not.toContain(key);
  });

  it('reuses the stored key on the next start', () => {
    const first = secretKeyFor();
    warnings = [];
    expect(secretKeyFor()).toBe(first);
    expect(warnings[0]).toMatch(/using the key kept in/);
  });

  it('generates different keys in different directories', () => {
    const first = secretKeyFor();
    rmSync(join(cwd, '.secret-key'));
    expect(secretKeyFor()).not.toBe(first);
  });

  it('makes no file when SECRET_KEY is set', () => {
    expect(secretKeyFor({ SECRET_KEY: 's'.repeat(32) })).toBe('s'.repeat(32));
    expect(existsSync(join(cwd, '.secret-key'))).toBe(false);
    expect(warnings).toEqual([]);
  });

  it('treats an empty SECRET_KEY as unset', () => {
    expect(secretKeyFor({ SECRET_KEY: '' })).toBe(readFileSync(join(cwd, '.secret-key'), 'utf8').trim());
  });

  it('refuses a stored key that is too short, naming SECRET_KEY and hiding the content', () => {
    writeFileSync(join(cwd, '.secret-key'), 'stored-but-short\n', { mode: 0o600 });
    let error: unknown;
    try {
      secretKeyFor();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DemoEnvError);
    expect((error as DemoEnvError).variable).toBe('SECRET_KEY');
    expect((error as DemoEnvError).message).not.toContain('stored-but-short');
  });

  it('warns when the stored key is readable by others', () => {
    secretKeyFor();
    chmodSync(join(cwd, '.secret-key'), 0o644);
    warnings = [];
    secretKeyFor();
    expect(warnings.some((line) => /readable by other users/.test(line))).toBe(true);
  });
});
