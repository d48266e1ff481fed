/** Values test/global-setup.ts provides to every test file through `inject()`. */
declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the run's PostgreSQL server; null when PostgreSQL is not installed. */
    postgresUrl: string | null;
  }
}

export {};
