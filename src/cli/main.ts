/** Entry point of the `barbican` command (see bin/barbican.js): runs the CLI on this process's arguments. */
import { runCli } from './run-cli.js';

const io = { stdout: process.stdout, stderr: process.stderr, env: process.env };

try {
  // exitCode rather than exit(): stdout is flushed before the process ends on its own.
  process.exitCode = await runCli(process.argv.slice(2), io);
} catch (error) {
  // runCli reports every failure itself; reaching here is a bug, still reported without a stack.
  process.stderr.write(
    `barbican: internal error: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
}
