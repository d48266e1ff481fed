/**
 * The route rows alone, for judging a change quickly: `npx tsx bench/routes.ts <hono|express>
 * [rounds] [seconds]` starts one server and runs the route rows (bench/measure.ts) back to back
 * (order rotated each round), printing each round's ratios to bare and their medians. Run it
 * before and after a change, interleaved, on the same machine: only the ratios compare.
 */
import { type Framework, startChildServer } from './child-server.js';
import { runLoad } from './http-load.js';
import { login } from './logins.js';
import { headersFor, type RouteName, routesFor, serverCpuMs } from './measure.js';
import { median } from './stats.js';

async function main(): Promise<void> {
  const [framework = 'hono', roundsArgument = '3', secondsArgument = '3'] = process.argv.slice(2);
  if (framework !== 'hono' && framework !== 'express') throw new Error('framework: hono or express');
  const server = await startChildServer(framework as Framework);
  const ROUTES = routesFor(framework as Framework);
  try {
    const credentials = await login(server.origin);
    // Server CPU per answered request (µs) next to req/s: the load generator shares the CPUs, so
    // req/s ratios move with it; the server's own CPU per request does much less.
    const run = async (name: RouteName, seconds: number) => {
      const cpuBefore = await serverCpuMs(server.origin);
      const result = await runLoad({
        url: `${server.origin}${ROUTES.find((r) => r.name === name)?.path}`,
        headers: headersFor(name, credentials),
        connections: 50,
        seconds,
      });
      const cpuUs = ((await serverCpuMs(server.origin)) - cpuBefore) * 1000;
      return { ...result, cpuUsPerRequest: cpuUs / Math.max(1, result.samples + result.failures) };
    };
    for (const { name } of ROUTES) await run(name, 1);
    const ratios = new Map<RouteName, number[]>(ROUTES.map((r) => [r.name, []]));
    const cpu = new Map<RouteName, number[]>(ROUTES.map((r) => [r.name, []]));
    for (let round = 0; round < Number(roundsArgument); round += 1) {
      const rates = new Map<RouteName, number>();
      for (let i = 0; i < ROUTES.length; i += 1) {
        const name = ROUTES[(i + round) % ROUTES.length]?.name ?? 'bare';
        const result = await run(name, Number(secondsArgument));
        if (result.failures > 0) throw new Error(`${name}: ${result.failures} failed requests`);
        rates.set(name, result.requestsPerSecond);
        cpu.get(name)?.push(result.cpuUsPerRequest);
      }
      const bare = rates.get('bare') ?? Number.NaN;
      const line = ROUTES.map(({ name }) => {
        const r = (rates.get(name) ?? Number.NaN) / bare;
        ratios.get(name)?.push(r);
        const us = cpu.get(name)?.at(-1) ?? Number.NaN;
        return `${name} ${Math.round(rates.get(name) ?? 0)}/s ${r.toFixed(2)}x ${us.toFixed(1)}µs`;
      });
      process.stdout.write(`${framework} round ${round + 1}: ${line.join(', ')}\n`);
    }
    const medians = ROUTES.map(({ name }) => `${name} ${median(ratios.get(name) ?? []).toFixed(2)}x`);
    process.stdout.write(`${framework} median ratio to bare: ${medians.join(', ')}\n`);
    const cpuMedians = ROUTES.map(({ name }) => `${name} ${median(cpu.get(name) ?? []).toFixed(1)}µs`);
    process.stdout.write(`${framework} median server CPU per request: ${cpuMedians.join(', ')}\n`);
  } finally {
    await server.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
