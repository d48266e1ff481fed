#!/usr/bin/env node
// Launcher for the barbican CLI: the compiled build when there is one (dist/, from tsc), otherwise the
// TypeScript source run through tsx, so `npx barbican` also works in a checkout with no build step.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/src/cli/main.js', import.meta.url);

if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli/main.ts', import.meta.url).href);
}
