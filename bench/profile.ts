/**
 * Profiles the server on one route: `tsx bench/profile.ts <hono|express> <path or row> [seconds]`
 * (a row is bare, unguarded, session or token, sent with that row's headers).
 * Runs the child server with --cpu-prof under autocannon load and prints its top self-time
 * frames and files, so a missed target names what dominates. Line numbers are of tsx's output.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Framework, startChildServer } from './child-server.js';
import { type CpuProfile, summarizeProfile } from './cpu-profile.js';
import { runLoad } from './http-load.js';
import { login } from './logins.js';
import { headersFor, ROUTES } from './measure.js';

async function main(): Promise<void> {
  const [framework = 'hono', path = '/api/session-only', secondsArgument = '8'] = process.argv.slice(2);
  if (framework !== 'hono' && framework !== 'express') throw new Error('framework: hono or express');
  const directory = mkdtempSync(join(tmpdir(), 'barbican-prof-'));
  let requests = 0;
  try {
    const server = await startChildServer(framework as Framework, { cpuProfileDir: directory });
    try {
      const credentials = await login(server.origin);
      // A row's name (bare, unguarded, session, token) sends what that row sends; a path sends both credentials.
      const row = ROUTES.find((r) => r.name === path);
      const result = await runLoad({
        url: `${server.origin}${row ? row.path : path}`,
        headers: row
          ? headersFor(row.name, credentials)
          : { cookie: credentials.sessionCookie, 'authentication-token': credentials.authToken },
        connections: 50,
        seconds: Number(secondsArgument),
      });
      requests = result.samples + result.failures;
      process.stdout.write(
        `${framework} ${path}: ${Math.round(result.requestsPerSecond)} req/s under --cpu-prof, ${requests} requests\n`,
      );
    } finally {
      await server.stop();
    }
    const file = readdirSync(directory).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('the server wrote no profile');
    const profile = JSON.parse(readFileSync(join(directory, file), 'utf8')) as CpuProfile;
    process.stdout.write(`${summarizeProfile(profile, requests)}\n`);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
