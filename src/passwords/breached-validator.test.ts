import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { passwordBreachedValidator } from './breached-validator.js';

interface RecordedRequest {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
}

interface RangeServer {
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
}

type Behaviour = 'range' | 'hang' | 'error' | 'not-a-range';

const BREACHED_PASSWORD = 'hunter2-breached';
const SAFE_PASSWORD = 'not-in-any-corpus-42';

function sha1Upper(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('hex').toUpperCase();
}

/** A range body for `prefix`: some real entries, the breached one, and count-0 padding. */
function rangeBody(prefix: string): string {
  const lines = ['0018A45C4D1DEF81644B54AB7F969B88D65:21', '00D4F6E8FA6EECAD2A3AA415EEC418D38EC:2'];
  const breached = sha1Upper(BREACHED_PASSWORD);
  if (breached.startsWith(prefix)) {
    lines.push(`${breached.slice(5)}:7`);
  }
  const safe = sha1Upper(SAFE_PASSWORD);
  // Padding may even carry a real-looking suffix; its count of 0 means "not breached".
  if (safe.startsWith(prefix)) {
    lines.push(`${safe.slice(5)}:0`);
  }
  lines.push('FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0');
  return lines.join('\r\n');
}

const servers: Server[] = [];

async function startServer(behaviour: Behaviour): Promise<RangeServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((request, response) => {
    const path = request.url ?? '';
    requests.push({ path, headers: request.headers });
    if (behaviour === 'hang') {
      return;
    }
    if (behaviour === 'error') {
      response.writeHead(500).end('internal error');
      return;
    }
    if (behaviour === 'not-a-range') {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<html>Sign in to the Wi-Fi</html>');
      return;
    }
    const prefix = path.slice(path.lastIndexOf('/') + 1);
    response.writeHead(200, { 'content-type': 'text/plain' }).end(rangeBody(prefix));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}/range/`, requests };
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe('passwordBreachedValidator', () => {
  it('sends only the 5-character SHA-1 prefix, asking for padding', async () => {
    const { baseUrl, requests } = await startServer('range');
    await passwordBreachedValidator(BREACHED_PASSWORD, { baseUrl, mode: 'strict' });
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request?.path).toBe(`/range/${sha1Upper(BREACHED_PASSWORD).slice(0, 5)}`);
    expect(request?.path).toMatch(/^\/range\/[0-9A-F]{5}$/);
    expect(request?.headers['add-padding']).toBe('true');
  });

  it('refuses a password found in the range', async () => {
    const { baseUrl } = await startServer('range');
    const problems = await passwordBreachedValidator(BREACHED_PASSWORD, { baseUrl, mode: 'strict' });
    expect(problems?.map((problem) => problem.code)).toEqual(['PASSWORD_BREACHED']);
  });

  it('accepts a password not in the range, ignoring count-0 padding entries', async () => {
    const { baseUrl } = await startServer('range');
    expect(await passwordBreachedValidator(SAFE_PASSWORD, { baseUrl, mode: 'strict' })).toBeNull();
  });

  it('accepts a password seen fewer times than the threshold', async () => {
    const { baseUrl } = await startServer('range');
    expect(
      await passwordBreachedValidator(BREACHED_PASSWORD, { baseUrl, mode: 'strict', threshold: 8 }),
    ).toBeNull();
    const problems = await passwordBreachedValidator(BREACHED_PASSWORD, {
      baseUrl,
      mode: 'strict',
      threshold: 7,
    });
    expect(problems?.map((problem) => problem.code)).toEqual(['PASSWORD_BREACHED']);
  });

  it('adds the path separator when the base URL lacks one', async () => {
    const { baseUrl, requests } = await startServer('range');
    const problems = await passwordBreachedValidator(BREACHED_PASSWORD, {
      baseUrl: baseUrl.slice(0, -1),
      mode: 'strict',
    });
    expect(problems?.map((problem) => problem.code)).toEqual(['PASSWORD_BREACHED']);
    expect(requests[0]?.path).toMatch(/^\/range\/[0-9A-F]{5}$/);
  });

  it('uses an injected fetch', async () => {
    const { baseUrl, requests } = await startServer('range');
    const seen: string[] = [];
    const spyFetch: typeof fetch = (input, init) => {
      seen.push(String(input));
      return fetch(input, init);
    };
    await passwordBreachedValidator(SAFE_PASSWORD, { baseUrl, mode: 'strict', fetch: spyFetch });
    expect(seen).toEqual([`${baseUrl}${sha1Upper(SAFE_PASSWORD).slice(0, 5)}`]);
    expect(requests).toHaveLength(1);
  });

  describe('when the site fails', () => {
    const failures: Array<[string, Behaviour]> = [
      ['hangs past the timeout', 'hang'],
      ['answers 500', 'error'],
      ['answers 200 with something that is not a range', 'not-a-range'],
    ];
    for (const [label, behaviour] of failures) {
      it(`strict mode refuses when the site ${label}`, async () => {
        const { baseUrl } = await startServer(behaviour);
        const problems = await passwordBreachedValidator(SAFE_PASSWORD, {
          baseUrl,
          mode: 'strict',
          timeoutMs: 200,
        });
        expect(problems?.map((problem) => problem.code)).toEqual(['PASSWORD_BREACHED_SITE_ERROR']);
      });

      it(`best-effort mode lets the password through when the site ${label}`, async () => {
        const { baseUrl } = await startServer(behaviour);
        expect(
          await passwordBreachedValidator(SAFE_PASSWORD, { baseUrl, mode: 'best-effort', timeoutMs: 200 }),
        ).toBeNull();
      });
    }

    it('strict mode refuses when nothing listens', async () => {
      const { baseUrl } = await startServer('range');
      for (const server of servers.splice(0)) {
        await new Promise((resolve) => server.close(resolve));
      }
      const problems = await passwordBreachedValidator(SAFE_PASSWORD, { baseUrl, mode: 'strict' });
      expect(problems?.map((problem) => problem.code)).toEqual(['PASSWORD_BREACHED_SITE_ERROR']);
    });
  });

  it('throws for a mode or threshold that is not allowed', async () => {
    await expect(
      passwordBreachedValidator('x', {
        mode: 'sometimes' as 'strict',
        fetch: () => Promise.reject(new Error()),
      }),
    ).rejects.toThrow(/passwordCheckBreached/);
    await expect(passwordBreachedValidator('x', { mode: 'strict', threshold: 0 })).rejects.toThrow(
      /passwordBreachedCount/,
    );
  });
});
