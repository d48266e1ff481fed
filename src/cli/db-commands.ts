/** `barbican db …`: the schema and housekeeping. Every command migrates first; `db migrate` does only that. */
import { DAY } from '../config/option-spec.js';
import { OPTION_SPECS } from '../config/options.js';
import { purgeExpired } from '../maintenance/housekeeping.js';
import { type CommandGroup, type CommandSpec, succeeded } from './command.js';

const migrate: CommandSpec = {
  name: 'migrate',
  summary: "Create or update Barbican's tables (safe to run again)",
  arguments: [],
  options: {},
  async run({ openDatastore }) {
    const store = await openDatastore();
    // Opening already migrated; once more costs a version check and states the intent.
    await store.migrate();
    return succeeded('Database is up to date.');
  },
};

const purge: CommandSpec = {
  name: 'purge',
  summary: 'Delete expired sessions and link tokens, and delivered mail older than the retention',
  arguments: [],
  options: {},
  async run({ openDatastore }) {
    const store = await openDatastore();
    const counts = await purgeExpired(
      store,
      { nowMs: () => Date.now() },
      {
        sentMailRetentionSeconds: OPTION_SPECS.sentMailRetention.default,
      },
    );
    const days = OPTION_SPECS.sentMailRetention.default / DAY;
    return succeeded(
      `Purged ${counts.sessions} sessions, ${counts.linkTokens} link tokens, ${counts.sentMail} mails delivered over ${days} days ago.`,
    );
  },
};

export const dbCommands: CommandGroup = {
  name: 'db',
  summary: 'Manage the database schema and purge expired rows',
  commands: [migrate, purge],
};
