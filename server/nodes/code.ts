/**
 * `code`: a JavaScript function body run in the QuickJS sandbox (server/sandbox): no process, require,
 * import, file system, network or host object; memory and time are limited, and it runs off the main
 * thread. It gets `input` = `{ value, steps, run }` as JSON and returns a JSON value.
 */
import { z } from 'zod';
import { defineNodeType, done, passThrough } from '@/server/engine/node-type';
import { NodeError } from '@/server/errors';
import { SandboxError } from '@/server/sandbox/errors';

const MB = 1024 * 1024;

export const codeNode = defineNodeType({
  type: 'code',
  title: 'Code',
  category: 'data',
  description: 'Runs JavaScript in a sandbox: it reads input and returns a JSON value.',
  icon: 'code',
  configSchema: z.strictObject({
    code: z
      .string()
      .min(1)
      .max(100_000)
      .meta({
        title: 'Code',
        description:
          'A JavaScript function body. `input.value` is the upstream output (null when several flow in: read them in `input.steps`), `input.steps` the upstream outputs by step id, `input.run` the run input. Return a JSON value.',
        examples: ['return input.value.items.filter((item) => item.price > 10).length'],
      }),
    timeoutMs: z.number().int().min(10).max(30_000).default(1_000).meta({ title: 'Time limit (ms)', description: 'The script is stopped after this long' }),
    memoryMb: z.number().int().min(4).max(256).default(32).meta({ title: 'Memory limit (MB)', description: 'The script is stopped when it allocates more' }),
  }),
  outputs: ['out'],
  effects: 'none',
  async execute(ctx) {
    // Imported on use: the sandbox starts worker threads, which modules that only list node types must not pull in.
    const { runCode } = await import('@/server/sandbox/run-code');
    const input = { value: passThrough(ctx.inputs), steps: ctx.inputs, run: ctx.runInput };
    // The sandbox is shared fairly between teams; without a team lookup (engine tests) each run is its own.
    const team = (await ctx.services.teams?.teamOf(ctx.runId)) ?? `run:${ctx.runId}`;
    try {
      const output = await runCode({
        code: ctx.config.code,
        input,
        timeoutMs: ctx.config.timeoutMs,
        memoryBytes: ctx.config.memoryMb * MB,
        maxOutputBytes: 10 * MB,
        requester: { team, run: ctx.runId, signal: ctx.signal },
      });
      return done(output);
    } catch (error) {
      // The same script would fail the same way: no retry.
      if (error instanceof SandboxError) throw new NodeError(error.code, error.message, { retryable: false, cause: error });
      throw error;
    }
  },
});
