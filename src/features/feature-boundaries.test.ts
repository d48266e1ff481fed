/**
 * The boundary check (STYLE.md 19): a feature reaches another feature only through its public
 * surface, that feature's index.ts. Shared modules beside the feature folders (route.ts,
 * form-page.ts, endpoint-paths.ts, …) are open to all.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const FEATURES_DIR = dirname(fileURLToPath(import.meta.url));

/** The feature folder a path is in, or null for a shared module (or anything outside features/). */
function featureOf(path: string): string | null {
  const parts = relative(FEATURES_DIR, path).split(sep);
  return parts.length >= 2 && parts[0] !== '..' ? (parts[0] ?? null) : null;
}

/** "file: specifier" for every import of another feature's internals. */
function boundaryViolations(sources: ReadonlyMap<string, string>): string[] {
  const violations: string[] = [];
  for (const [file, source] of sources) {
    const own = featureOf(file);
    for (const match of source.matchAll(/(?:from|import)\s*\(?\s*['"](\.[^'"]+)['"]/g)) {
      const specifier = match[1] ?? '';
      const target = resolve(dirname(file), specifier);
      const other = featureOf(target);
      if (other === null || other === own) continue;
      if (relative(join(FEATURES_DIR, other), target) !== 'index.js') {
        violations.push(`${relative(FEATURES_DIR, file)}: ${specifier}`);
      }
    }
  }
  return violations;
}

function featureSources(): Map<string, string> {
  const sources = new Map<string, string>();
  for (const entry of readdirSync(FEATURES_DIR, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = join(FEATURES_DIR, entry.name);
    for (const name of readdirSync(dir)) {
      if (!name.endsWith('.ts') || name.endsWith('.test.ts')) continue;
      sources.set(join(dir, name), readFileSync(join(dir, name), 'utf8'));
    }
  }
  return sources;
}

describe('feature boundaries', () => {
  it('no feature imports another feature except through its index.ts', () => {
    const sources = featureSources();
    expect(sources.size).toBeGreaterThan(20);
    expect(boundaryViolations(sources)).toEqual([]);
  });

  it('would catch an import of another feature internals, however the path is spelled', () => {
    const file = join(FEATURES_DIR, 'register', 'service.ts');
    // Specifiers joined at run time, so this file itself never looks like a violation to a grep.
    const specifiers = [
      ['..', 'confirm', 'index.js'],
      ['..', 'confirm', 'service.js'],
      ['..', '..', 'features', 'reset', 'views.js'],
      ['..', 'form-page.js'],
      ['.', 'validate.js'],
    ].map((parts) => parts.join('/'));
    const sources = new Map([[file, specifiers.map((s) => `import { x } from '${s}';`).join('\n')]]);
    expect(boundaryViolations(sources)).toEqual([
      `register${sep}service.ts: ../confirm/service.js`,
      `register${sep}service.ts: ../../features/reset/views.js`,
    ]);
  });
});
