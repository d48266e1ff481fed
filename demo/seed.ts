/** First-start data for the demo: two roles and two users, so every example route can be tried. */
import { DatastoreError } from '../src/datastore/errors.js';
import type { Security } from '../src/security.js';

export interface DemoAccount {
  readonly email: string;
  readonly password: string;
  readonly role: string;
}

export const DEMO_ROLES = [
  { name: 'admin', description: 'Demo administrators', permissions: ['admin-read', 'admin-write'] },
  { name: 'user', description: 'Demo users', permissions: ['user-read'] },
] as const;

export const DEMO_ADMIN: DemoAccount = {
  email: 'admin@example.com',
  password: 'correct horse battery staple 1',
  role: 'admin',
};
export const DEMO_JOE: DemoAccount = {
  email: 'joe@example.com',
  password: 'password for joe 42',
  role: 'user',
};
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [DEMO_ADMIN, DEMO_JOE];

/**
 * Seeds an empty database and prints the credentials; leaves a used one alone. "Empty" means no
 * roles and no demo account (the datastore contract has no user count), so a restart never
 * duplicates anything. Insert-if-absent: when another process seeds first, this one stands back.
 *
 * @example if (await seedDemoData(security, console.log)) console.log('seeded');
 */
export async function seedDemoData(security: Security, log: (line: string) => void): Promise<boolean> {
  const store = security.datastore;
  if (!(await isEmpty(security))) {
    log('Demo database already has data; not seeding.');
    return false;
  }
  // Hash outside the transaction: argon2 is slow and SQLite holds its write lock meanwhile.
  const users = await Promise.all(
    DEMO_ACCOUNTS.map(async (account) => ({
      email: account.email,
      password: await security.hashPassword(account.password),
      active: true,
      confirmedAt: new Date(),
      roles: [account.role],
    })),
  );
  try {
    // All or nothing, so a process killed half-way leaves an empty database to seed again.
    await store.transaction(async (tx) => {
      for (const role of DEMO_ROLES) await tx.createRole(role);
      for (const user of users) await tx.createUser(user);
    });
  } catch (error) {
    // Several processes started together on one empty database all found it empty; the unique
    // names let exactly one seed commit, and the others roll back here and carry on.
    if (!isTakenName(error)) throw error;
    log('Another process seeded the demo database; not seeding.');
    return false;
  }
  log('Seeded the demo database. Sign in with:');
  for (const account of DEMO_ACCOUNTS) {
    log(`  ${account.email} / ${account.password}  (role ${account.role})`);
  }
  return true;
}

async function isEmpty(security: Security): Promise<boolean> {
  const store = security.datastore;
  if ((await store.listRoles()).length > 0) return false;
  for (const account of DEMO_ACCOUNTS) {
    if (await store.findUserByIdentity('email', account.email)) return false;
  }
  return true;
}

function isTakenName(error: unknown): boolean {
  return error instanceof DatastoreError && (error.code === 'ROLE_EXISTS' || error.code === 'USER_EXISTS');
}
