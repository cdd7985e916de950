/**
 * Runs a child command with the terminal attached and resolves with its exit code, for the test scripts.
 * While a child runs, this process ignores Ctrl-C (the child gets it from the terminal and cleans up, e.g.
 * Playwright stopping its web server) and forwards SIGTERM (which only this process receives).
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

export interface CommandResult {
  code: number;
  /** Set when the child was ended by a signal instead of exiting. */
  signal?: NodeJS.Signals;
}

export function runCommand(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', env: options.env ?? process.env });
    const ignoreInterrupt = () => {};
    const forwardTerminate = () => child.kill('SIGTERM');
    process.on('SIGINT', ignoreInterrupt);
    process.on('SIGTERM', forwardTerminate);
    const detach = () => {
      process.off('SIGINT', ignoreInterrupt);
      process.off('SIGTERM', forwardTerminate);
    };
    child.once('error', (error) => {
      detach();
      reject(new Error(`Could not run ${command}: ${error.message}`));
    });
    child.once('close', (code, signal) => {
      detach();
      // The shell convention: a child ended by signal N counts as exit code 128 + N.
      resolve(signal ? { code: 128 + constants.signals[signal], signal } : { code: code ?? 1 });
    });
  });
}

export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
