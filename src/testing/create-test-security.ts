/**
 * createTestSecurity: a Security on an in-memory SQLite datastore with fast password hashing,
 * seed users like the demo's, and an app with guarded example routes — for the library's own
 * tests and for apps testing their integration.
 */
import { createSqliteDatastore } from '../datastore/sqlite.js';
import type { Datastore, User } from '../datastore/types.js';
import type { Guard } from '../guards/guard.js';
import { createPasswordHasher } from '../passwords/argon2-hasher.js';
import { type AppHandler, type CreateSecurityOptions, createSecurity, type Security } from '../security.js';
import { TestClient } from './test-client.js';

export const TEST_SECRET_KEY = 'test-secret-key-that-is-long-enough-0123456789';
export const TEST_ORIGIN = 'http://app.test';

export interface TestRoute {
  readonly method: string;
  readonly path: string;
  readonly guards: readonly Guard[];
  readonly handler: AppHandler;
}

export interface TestSecurity {
  readonly security: Security;
  readonly datastore: Datastore;
  /** Serves built-in endpoints, then the app routes, then 404. */
  readonly fetch: (request: Request) => Promise<Response>;
  client(): TestClient;
  createUser(
    email: string,
    password: string,
    extra?: { active?: boolean; confirmed?: boolean; roles?: string[] },
  ): Promise<User>;
  close(): Promise<void>;
}

export interface TestSecurityOverrides extends Partial<Omit<CreateSecurityOptions, 'config' | 'datastore'>> {
  readonly config?: Readonly<Record<string, unknown>>;
  readonly datastore?: Datastore;
  readonly routes?: readonly TestRoute[];
}

export async function createTestSecurity(overrides: TestSecurityOverrides = {}): Promise<TestSecurity> {
  const datastore = overrides.datastore ?? (await createSqliteDatastore({ filename: ':memory:' }));
  const { config: configOverrides, routes: appRoutes = [], ...rest } = overrides;
  const security = createSecurity({
    // Cheap argon2 parameters: the tests are about behaviour, the benchmark is about cost.
    passwordHasher: createPasswordHasher({
      argon2: { memoryCost: 256, timeCost: 1, parallelism: 1 },
      ...(typeof configOverrides?.passwordSalt === 'string'
        ? { legacyBcryptHmacSalt: configOverrides.passwordSalt }
        : {}),
    }),
    warn: () => {},
    ...rest,
    datastore,
    config: { secretKey: TEST_SECRET_KEY, externalUrl: TEST_ORIGIN, ...configOverrides },
  });
  const routes = appRoutes.map((route) => ({
    ...route,
    run: security.protect(...route.guards)(route.handler),
  }));
  const fetch = async (request: Request): Promise<Response> => {
    const own = await security.handle(request);
    if (own) return own;
    const { pathname } = new URL(request.url);
    const route = routes.find((r) => r.path === pathname && r.method === request.method);
    return route ? route.run(request) : new Response('Not Found', { status: 404 });
  };
  return {
    security,
    datastore,
    fetch,
    client: () => new TestClient(fetch, TEST_ORIGIN),
    async createUser(email, password, extra = {}) {
      for (const role of extra.roles ?? []) {
        if (!(await datastore.findRole(role))) await datastore.createRole({ name: role });
      }
      return datastore.createUser({
        email,
        password: await security.hashPassword(password),
        active: extra.active ?? true,
        confirmedAt: extra.confirmed === false ? null : new Date(),
        roles: extra.roles ?? [],
      });
    },
    async close() {
      await security.close();
      await datastore.close();
    },
  };
}
