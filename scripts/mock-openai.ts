/**
 * Runs the mock OpenAI-compatible server (test/openai-mock) on its own, for local development:
 *
 *   npm run mock:openai                 # on http://127.0.0.1:4010/v1 (PORT=… or --port … to change)
 *   npm run dev:mock-llm                # the mock server plus `npm run dev` pointed at it
 *
 * With no scripted replies it answers every chat request with a short made-up text (or JSON that fits
 * the requested schema), streamed like a real model, so the "Research and critique" demo runs offline.
 * The pieces come 40 ms apart, so the editor's run panel visibly streams them (about a second a step).
 */
import { startMockOpenAi } from '@/test/openai-mock/server';
import { runCommand } from './run-command';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : process.argv[index + 1];
}

async function main(): Promise<void> {
  const port = Number(option('port') ?? 4010);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port must be a port number; got "${option('port') ?? ''}"`);
  const mock = await startMockOpenAi({ port, defaultChunkDelayMs: 40 });
  console.log(`Mock OpenAI server on ${mock.url} (models: gpt-4o-mini, gpt-4o, mock-model)`);
  if (!process.argv.includes('--dev')) {
    console.log(`Point the app at it: OPENAI_BASE_URL=${mock.url} OPENAI_API_KEY=mock npm run dev`);
    return;
  }
  // The dev server gets the provider through its environment, the only way server/env.ts reads it.
  const { code } = await runCommand('npm', ['run', 'dev'], { env: { ...process.env, OPENAI_BASE_URL: mock.url, OPENAI_API_KEY: 'mock' } });
  await mock.close();
  process.exitCode = code;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
