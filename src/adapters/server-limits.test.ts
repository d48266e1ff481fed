import { once } from 'node:events';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { applyServerLimits, RECOMMENDED_SERVER_LIMITS } from './server-limits.js';

describe('applyServerLimits', () => {
  it('sets the recommended deadlines and connection cap, or the given ones', () => {
    const server = applyServerLimits(createServer());
    expect(server.headersTimeout).toBe(RECOMMENDED_SERVER_LIMITS.headersTimeoutMs);
    expect(server.requestTimeout).toBe(RECOMMENDED_SERVER_LIMITS.requestTimeoutMs);
    expect(server.maxConnections).toBe(1024);
    expect(applyServerLimits(createServer(), { maxConnections: 7 }).maxConnections).toBe(7);
  });

  it('refuses connections beyond maxConnections', async () => {
    const server = applyServerLimits(createServer(), { maxConnections: 1 });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    const first = connect(port, '127.0.0.1');
    await once(first, 'connect');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = connect(port, '127.0.0.1');
    second.on('error', () => {});
    // The server closes the surplus socket at once instead of serving it.
    await once(second, 'close');
    first.destroy();
    server.close();
    expect(second.destroyed).toBe(true);
  });
});
