/** `barbican db …`: the schema. Every command migrates first; `db migrate` does only that. */
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

export const dbCommands: CommandGroup = {
  name: 'db',
  summary: 'Manage the database schema',
  commands: [migrate],
};
