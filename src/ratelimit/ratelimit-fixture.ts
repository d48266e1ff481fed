/** Test helpers for rate-limit tests: a demo Security on a fake clock, and requests from a chosen IP. */
import { createDemoSecurity } from '../../test/fixtures/demo-routes.js';
import { createFakeClock, type FakeClock } from '../../test/fixtures/fake-clock.js';
import type { SecurityEvents } from '../events.js';
import type { TestSecurity } from '../testing/create-test-security.js';

export interface LimitedApp {
  readonly t: TestSecurity;
  readonly clock: FakeClock;
  readonly limited: SecurityEvents['rateLimited'][];
  /** POSTs to a Barbican endpoint as if from `ip` (JSON unless form is set). */
  post(
    path: string,
    fields: Record<string, string>,
    options?: { ip?: string; form?: boolean },
  ): Promise<Response>;
}

export async function limitedApp(config: Record<string, unknown> = {}): Promise<LimitedApp> {
  const clock = createFakeClock();
  const t = await createDemoSecurity({
    clock,
    config: { csrfIgnoreUnauthEndpoints: true, ...config },
  });
  const limited: SecurityEvents['rateLimited'][] = [];
  t.security.events.on('rateLimited', (event) => {
    limited.push(event);
  });
  return {
    t,
    clock,
    limited,
    async post(path, fields, options = {}) {
      const form = options.form === true;
      const request = new Request(`http://app.test${path}`, {
        method: 'POST',
        headers: form
          ? { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }
          : { 'content-type': 'application/json', accept: 'application/json' },
        body: form ? new URLSearchParams(fields).toString() : JSON.stringify(fields),
      });
      const response = await t.security.handle(request, { clientIp: options.ip ?? '192.0.2.1' });
      if (!response) throw new Error(`no Barbican endpoint at ${path}`);
      return response;
    },
  };
}

/** Status, body and headers other than Date: what two answers must share to reveal nothing apart. */
export async function observable(
  response: Response,
): Promise<{ status: number; body: string; headers: string[][] }> {
  const headers = [...response.headers].filter(([name]) => name !== 'date');
  return { status: response.status, body: await response.text(), headers };
}
