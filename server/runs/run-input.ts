/** Checks a run's input against the version's input schema (JSON Schema) before any run is created. */
import { z } from 'zod';
import { InputError } from '@/server/errors';
import { MAX_INPUT_BYTES } from './schemas';

export function checkRunInput(inputSchema: unknown, input: Record<string, unknown>): Record<string, unknown> {
  const size = Buffer.byteLength(JSON.stringify(input));
  if (size > MAX_INPUT_BYTES) {
    throw new InputError(`The run input is ${size} bytes; at most ${MAX_INPUT_BYTES} are allowed`, [{ path: 'input', message: 'Input too large' }]);
  }
  if (!inputSchema || typeof inputSchema !== 'object' || Object.keys(inputSchema).length === 0) return input;
  let schema: z.ZodType;
  try {
    schema = z.fromJSONSchema(inputSchema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch (error) {
    throw new InputError(`The mastery's input schema cannot be used: ${error instanceof Error ? error.message : String(error)}`, [
      { path: 'settings.inputSchema', message: 'Invalid JSON Schema' },
    ]);
  }
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data as Record<string, unknown>;
  const issues = parsed.error.issues.map((issue) => ({
    path: ['input', ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  throw new InputError(`The input does not match the mastery's input schema: ${summary}`, issues);
}
