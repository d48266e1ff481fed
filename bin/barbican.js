#!/usr/bin/env node
// Launcher for the barbican CLI. An installed package runs its compiled build (dist/, made by
// `npm run build` before packing) and needs no TypeScript tooling. In a checkout with no build, the
// TypeScript source runs through tsx, a dev dependency there.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/src/cli/main.js', import.meta.url);

if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api').catch(() => {
    console.error('barbican: no build found (dist/) and tsx is not installed; run `npm run build` first.');
    process.exit(1);
  });
  register();
  await import(new URL('../src/cli/main.ts', import.meta.url).href);
}
