/** Values test/global-setup.ts provides to every test file through `inject()`. */
declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the run's PostgreSQL server; null when PostgreSQL is not installed. */
    postgresUrl: string | null;
    /** URL of the run's redis-server; null when redis-server is not installed. Keep keys apart with `test/fixtures/redis.ts`. */
    redisUrl: string | null;
  }
}

export {};
