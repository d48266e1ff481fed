/** Option values that start with "-": a session id or a password is taken as it is. */
import { describe, expect, it } from 'vitest';
import type { CommandSpec } from './command.js';
import { parseCommandLine } from './parse-command-line.js';

const revoke: CommandSpec = {
  name: 'revoke',
  summary: 'test',
  arguments: [{ name: 'EMAIL', doc: '' }],
  options: {
    id: { type: 'string', valueName: 'ID', doc: '' },
    all: { type: 'boolean', doc: '' },
  },
  run: async () => ({ exitCode: 0, message: '' }),
};

const idOf = (argv: string[]) => {
  const parsed = parseCommandLine(revoke, argv);
  return parsed.ok
    ? { id: parsed.line.string('id'), all: parsed.line.flag('all'), args: parsed.line.args }
    : parsed;
};

describe('a string option whose value starts with "-"', () => {
  it('takes the next word as the value, as getopt does (a base64url id starts with "-" one time in 64)', () => {
    expect(idOf(['a@example.com', '--id', '-LUMtEA_FhQ8abJAgHJ1zw'])).toEqual({
      id: '-LUMtEA_FhQ8abJAgHJ1zw',
      all: false,
      args: ['a@example.com'],
    });
    expect(idOf(['--id', '--x', 'a@example.com'])).toMatchObject({ id: '--x', args: ['a@example.com'] });
  });

  it("still reads the command's own options as options, and --id=VALUE as before", () => {
    expect(idOf(['a@example.com', '--id', '--all'])).toEqual({
      ok: false,
      message: expect.stringMatching(/^Option --id needs a value/),
    });
    expect(idOf(['a@example.com', '--id=-abc'])).toMatchObject({ id: '-abc' });
    expect(idOf(['a@example.com', '--all'])).toMatchObject({ id: undefined, all: true });
    // A flag is never given a value this way.
    expect(idOf(['a@example.com', '--all', '-x'])).toMatchObject({ ok: false });
  });
});
