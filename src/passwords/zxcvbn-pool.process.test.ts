import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const UTIL = fileURLToPath(new URL('./password-util.ts', import.meta.url));

describe('the zxcvbn worker and the process lifetime', () => {
  it('keeps a short-lived process (a CLI) alive until the check answers, then lets it exit', () => {
    const script =
      `const { createPasswordUtil } = await import(${JSON.stringify(UTIL)});` +
      "const util = createPasswordUtil({ passwordNormalizeForm: 'NFKD', passwordLengthMin: 8," +
      " passwordComplexityChecker: 'zxcvbn', zxcvbnMinimumScore: 3, passwordCheckBreached: false," +
      ' passwordBreachedCount: 1, passwordComplexityTimeoutMs: 30000 });' +
      "const { problems } = await util.validate('password1', { isRegister: true });" +
      'console.log(problems.map((p) => p.code).join());';
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    // Exited on its own (no timeout kill), after printing the verdict.
    expect(child.signal).toBeNull();
    expect(child.stdout.trim()).toBe('PASSWORD_TOO_SIMPLE');
    expect(child.status).toBe(0);
  });
});
