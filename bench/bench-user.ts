/** The one seeded account the bench signs in as (the server seeds it, the load generator uses it). */
export const BENCH_USER = Object.freeze({
  email: 'bench@example.com',
  password: 'bench password 4 argon2id',
});
